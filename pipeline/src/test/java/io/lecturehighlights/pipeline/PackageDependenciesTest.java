package io.lecturehighlights.pipeline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the job and its command line need each other (the transforms module checks its own), and the
 * job graph knows nothing of the command line that launches it.
 */
class PackageDependenciesTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
      .importPackages("io.lecturehighlights");

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.lecturehighlights.(**)").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void theJobGraphDoesNotKnowTheCommandLine() {
    noClasses().that().resideInAPackage("io.lecturehighlights.pipeline")
        .should().dependOnClassesThat().resideInAPackage("io.lecturehighlights.pipeline.cli..").check(CLASSES);
  }
}
