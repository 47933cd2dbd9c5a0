package io.lecturehighlights.transforms.content;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The segmenter on the physics-lecture corpus (human boundaries; ../shared/testmedia/topicseg, skipped visibly when
 * absent). Targets from issue #5; published reference 0.39 for min-cut with short-range edges.
 */
class TopicSegmenterCorpusTest {

  private static double meanPk(String part) throws Exception {
    Path dir = Fixtures.sharedMedia().resolve("topicseg/physics-lectures").resolve(part);
    TopicSegmenter s = new TopicSegmenter(TopicSegmenter.Config.defaults());
    double sum = 0;
    int n = 0;
    for (Path p : ReferenceSegmentation.list(dir)) {
      ReferenceSegmentation r = ReferenceSegmentation.read(p);
      sum += PkWindowDiff.score(r.sentences().size(), r.boundaries(), s.segment(r.sentences())).pk;
      n++;
    }
    assertTrue(n >= 30, "lectures in " + dir + ": " + n);
    return sum / n;
  }

  @Test
  void humanTranscriptsMeanPkAtMost035() throws Exception {
    double pk = meanPk("manual");
    assertTrue(pk <= 0.35, "mean Pk " + pk);
  }

  @Test
  void asrTranscriptsMeanPkAtMost038() throws Exception {
    double pk = meanPk("asr");
    assertTrue(pk <= 0.38, "mean Pk " + pk);
  }
}
