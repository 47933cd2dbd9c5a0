package io.lecturehighlights.transforms.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetsTest {
  private final Snippets snippets = new Snippets(SearchIndex.analyzer());

  private static SearchDocument doc(String text) {
    return new SearchDocument("j#1", "j", "Lecture", null, null, 0, 60, "Topic", List.of(), text, "", null, 0, null);
  }

  private static String filler(String word, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(word).append(i).append(' ');
    }
    return b.toString();
  }

  @Test
  void marksTheQueryTermsInTheirInflectedFormsWhereTheyCluster() {
    String text = filler("alpha", 60) + "the pendulum oscillates and its oscillation has a period " + filler("omega", 60);
    Snippet s = snippets.of(doc(text), snippets.terms("pendulum oscillation"), -1);
    String m = s.marked();
    assertTrue(m.contains("[[pendulum]] [[oscillates]]"), m);
    assertTrue(m.contains("its [[oscillation]] has"), m);
    assertTrue(s.cutBefore() && s.cutAfter(), m);
    assertTrue(m.startsWith("… ") && m.endsWith(" …"), m);
    // Stop words and words that only look alike are not marked.
    assertFalse(m.contains("[[the]]") || m.contains("[[period]]"), m);
    assertTrue(s.text().split(" ").length < 50, m);
  }

  @Test
  void htmlEscapesTheTextAndMarksOnlyTheTerms() {
    Snippet s = snippets.of(doc("if x < y && y > z then <script>alert('entropy')</script> entropy grows"),
        snippets.terms("entropy"), -1);
    String h = s.html();
    assertFalse(h.contains("<script>"), h);
    assertTrue(h.contains("&lt;script&gt;alert(&#39;<mark>entropy</mark>&#39;)&lt;/script&gt; <mark>entropy</mark> grows"), h);
    assertTrue(h.contains("x &lt; y &amp;&amp; y &gt; z"), h);
  }

  @Test
  void withoutMatchingTermsTheSnippetStartsAtTheBestPassage() {
    String text = filler("alpha", 150) + "here the semantic passage starts " + filler("omega", 100);
    Snippet s = snippets.of(doc(text), snippets.terms("unrelated words"), 150);
    assertTrue(s.text().startsWith("here the semantic passage starts"), s.text());
    assertEquals(List.of(), s.marks());
    Snippet first = snippets.of(doc(text), snippets.terms("unrelated"), -1);
    assertTrue(first.text().startsWith("alpha0 "), first.text());
    assertFalse(first.cutBefore());
  }

  @Test
  void aChunkWithoutSpeechShowsItsSlideText() {
    SearchDocument d = new SearchDocument("j#2", "j", "L", null, null, 0, 9, "Title", List.of(), " ",
        "Maxwell's equations", null, 0, null);
    assertEquals("[[Maxwell's]] equations", snippets.of(d, snippets.terms("maxwell"), -1).marked());
  }
}
