package io.lecturehighlights.transforms.content;

import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import java.util.ArrayList;
import java.util.List;

/** Sentences on unrelated topics, each topic drawing on its own vocabulary, so the true boundaries are known. */
final class SyntheticLecture {
  static final String[][] TOPICS = {
    {"pendulum", "oscillation", "period", "amplitude", "frequency", "spring", "harmonic", "swing"},
    {"photosynthesis", "chlorophyll", "leaf", "sunlight", "glucose", "plant", "carbon", "stomata"},
    {"recursion", "function", "stack", "compiler", "variable", "loop", "array", "pointer"},
    {"revolution", "monarchy", "parliament", "treaty", "empire", "colony", "army", "king"},
    {"enzyme", "protein", "molecule", "substrate", "catalyst", "reaction", "binding", "cell"},
  };
  private static final String[] FRAMES = {
    "So the %s changes the %s and the %s .",
    "Here the %s depends on the %s , not on the %s .",
    "We see the %s next to the %s with a %s .",
    "Then a %s gives a %s and a %s .",
  };

  private SyntheticLecture() {}

  /** perTopic sentences for each of the first topics, in order. */
  static List<String> sentences(int topics, int perTopic) {
    List<String> out = new ArrayList<>();
    for (int t = 0; t < topics; t++) {
      String[] v = TOPICS[t % TOPICS.length];
      for (int i = 0; i < perTopic; i++) {
        out.add(String.format(FRAMES[i % FRAMES.length], v[i % v.length], v[(i * 3 + 1) % v.length],
            v[(i * 5 + 2) % v.length]));
      }
    }
    return out;
  }

  /** A transcript of those sentences, each lasting secondsPerSentence with a 0.2 s gap. */
  static Transcript transcript(List<String> sentences, double secondsPerSentence) {
    List<TranscriptSegment> segs = new ArrayList<>();
    double t = 0;
    for (String s : sentences) {
      segs.add(TranscriptSegment.newBuilder().setStart(t).setEnd(t + secondsPerSentence - 0.2).setText(s).build());
      t += secondsPerSentence;
    }
    return Transcript.newBuilder().setJobId("synthetic").setEngine("test").setSegments(segs)
        .setWords(new ArrayList<>()).setAudioSeconds(t).build();
  }
}
