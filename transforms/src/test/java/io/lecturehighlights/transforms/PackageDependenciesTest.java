package io.lecturehighlights.transforms;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * One package per concern, and no two packages that need each other: a stage package may use {@code media} and
 * {@code common}, and those two use no stage. Enforced here so the map in the README stays true.
 */
class PackageDependenciesTest {
  private static final JavaClasses TRANSFORMS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.lecturehighlights.transforms");

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.lecturehighlights.transforms.(*)..").should().beFreeOfCycles().check(TRANSFORMS);
  }

  @Test
  void mediaAndCommonKnowNoStage() {
    noClasses().that().resideInAnyPackage("..transforms.media..", "..transforms.common..")
        .should().dependOnClassesThat().resideInAnyPackage("..transforms.ingest..", "..transforms.validate..",
            "..transforms.silence..", "..transforms.transcription..", "..transforms.layout..",
            "..transforms.join..", "..transforms.content..", "..transforms.extraction..",
            "..transforms.rendering..", "..transforms.jobs..", "..transforms.output..", "..transforms.report..",
            "..transforms.db..", "..transforms.slides..", "..transforms.search..",
            "..transforms.embeddings..")
        .check(TRANSFORMS);
    noClasses().that().resideInAPackage("..transforms.common..")
        .should().dependOnClassesThat().resideInAPackage("..transforms.media..").check(TRANSFORMS);
  }

  @Test
  void slideOcrCoreKnowsNothingOfBeam() {
    noClasses().that().resideInAPackage("..transforms.slides..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.beam..").check(TRANSFORMS);
  }

  @Test
  void searchKnowsNothingOfBeamNorOfTheStages() {
    // The command line and the benchmark use it outside the job; the job graph never does.
    noClasses().that().resideInAPackage("..transforms.search..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.beam..", "..transforms.content..",
            "..transforms.output..", "..transforms.report..", "..transforms.db..")
        .check(TRANSFORMS);
    // Only the embedding stage uses it in the job, and only its model (no Lucene: the job jar has none).
    noClasses().that().resideOutsideOfPackages("..transforms.search..", "..transforms.embeddings..")
        .should().dependOnClassesThat().resideInAPackage("..transforms.search..").check(TRANSFORMS);
    noClasses().that().resideInAPackage("..transforms.embeddings..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.lucene..").check(TRANSFORMS);
  }
}
