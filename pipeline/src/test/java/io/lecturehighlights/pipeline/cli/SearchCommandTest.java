package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.search.MiniLmEmbedder;
import io.lecturehighlights.transforms.search.OutputIndexer;
import io.lecturehighlights.transforms.search.SearchOutputFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lhx search} over an output folder whose datasets a batch wrote and whose index it built. */
class SearchCommandTest {
  @TempDir static Path tmp;
  static Path out;

  @BeforeAll
  static void outputFolder() throws Exception {
    out = new SearchOutputFixture(tmp.resolve("out"))
        .job("chem-l01", true).job("phys-l01", true)
        .chunk("chem-l01", "Equilibria <b>I</b>", "CHEM100", "Spring 2027", 0, 100, "Reactions", List.of("rate"),
            "Reaction rates grow with temperature.", "")
        .chunk("chem-l01", "Equilibria <b>I</b>", "CHEM100", "Spring 2027", 100, 200, "Equilibrium",
            List.of("equilibrium"), "Le Chatelier's principle says a disturbed equilibrium shifts to counteract "
                + "the change.", "Le Chatelier")
        .chunk("phys-l01", "Mechanics", "PHYS101", "Fall 2026", 3600, 3725, "Second law", List.of("force"),
            "Force equals mass times acceleration: a heavier cart needs a bigger push.", "")
        .clip("chem-l01", 1, 150, 190)
        .write();
    OutputIndexer.update(out, MiniLmEmbedder.shared());
  }

  @Test
  void printsTheLectureTimeTopicMarkedSnippetReportLinkAndClip() {
    String[] r = LhxRun.run("search", "Le Chatelier", "--output", out.toString());
    assertEquals("0", r[0], r[2]);
    String first = r[1].split("\n2\\. ")[0];
    assertTrue(first.startsWith("1. Equilibria <b>I</b> · CHEM100 · Spring 2027 · 01:40-03:20 · Equilibrium"), r[1]);
    assertTrue(first.contains("[[Le]] [[Chatelier's]] principle"), first);
    assertTrue(first.contains("report: " + out.resolve("chem-l01/report.html").toUri() + "#t=100"), first);
    assertTrue(first.contains("clip:   " + out.resolve("chem-l01/clips/clip-01.mp4").toUri() + " (from 00:00)"), first);
  }

  @Test
  void jsonHasTheResultsFieldsAndTheHtmlSnippetIsEscaped() throws Exception {
    String[] r = LhxRun.run("search", "what makes a heavy trolley speed up", "--output", out.toString(), "--json",
        "--mode", "semantic", "--limit", "2");
    assertEquals("0", r[0], r[2]);
    JsonNode root = Json.MAPPER.readTree(r[1]);
    assertEquals("semantic", root.path("mode").asText());
    JsonNode hit = root.path("results").get(0);
    assertEquals(2, root.path("results").size());
    assertEquals("phys-l01#1", hit.path("chunkId").asText());
    assertEquals("1:00:00-1:02:05", hit.path("time").asText());
    assertEquals("phys-l01/report.html#t=3600", hit.path("report").asText());
    assertTrue(hit.path("clip").isNull());
    assertEquals(0, hit.path("lexicalRank").asInt());
    JsonNode lexical = Json.MAPPER.readTree(LhxRun.run("search", "Chatelier <b>", "--output", out.toString(),
        "--json", "--mode", "lexical")[1]).path("results").get(0);
    assertTrue(lexical.path("snippetHtml").asText().contains("<mark>Chatelier&#39;s</mark> principle"), lexical.toString());
  }

  @Test
  void filtersNarrowTheResultsAndNoneIsNotAnError() throws Exception {
    JsonNode phys = Json.MAPPER.readTree(LhxRun.run("search", "equilibrium force temperature", "--output",
        out.toString(), "--course", "phys101", "--json")[1]);
    assertEquals(1, phys.path("results").size());
    assertEquals("phys-l01", phys.path("results").get(0).path("jobId").asText());
    JsonNode lecture = Json.MAPPER.readTree(LhxRun.run("search", "equilibrium force temperature", "--output",
        out.toString(), "--lecture", "chem-l01", "--semester", "SPRING 2027", "--json")[1]);
    assertEquals(2, lecture.path("results").size());
    String[] none = LhxRun.run("search", "equilibrium", "--output", out.toString(), "--course", "BIO200");
    assertEquals("0", none[0], none[2]);
    assertTrue(none[1].startsWith("No results for \"equilibrium\""), none[1]);
  }

  @Test
  void unusableInputExitsWith2AndSaysWhy() throws Exception {
    String[] missing = LhxRun.run("search", "force", "--output", tmp.resolve("nowhere").toString());
    assertEquals("2", missing[0]);
    assertTrue(missing[2].contains("no output folder"), missing[2]);
    Path empty = Files.createDirectories(tmp.resolve("no-index"));
    String[] noIndex = LhxRun.run("search", "force", "--output", empty.toString());
    assertEquals("2", noIndex[0]);
    assertTrue(noIndex[2].contains("has no search index"), noIndex[2]);
    String[] blank = LhxRun.run("search", "  ", "--output", out.toString());
    assertEquals("2", blank[0]);
    assertTrue(blank[2].contains("the query is empty"), blank[2]);
    String[] s3 = LhxRun.run("search", "force", "--output", "s3://bucket/results");
    assertEquals("2", s3[0]);
    assertTrue(s3[2].contains("not a local folder"), s3[2]);
    assertEquals("2", LhxRun.run("search", "force", "--output", out.toString(), "--limit", "0")[0]);
    // --database: a server that does not answer is exit 2 with the reason, before any search.
    String[] noServer = LhxRun.run("search", "force", "--database", "--db-url", "jdbc:postgresql://127.0.0.1:1/none",
        "--output", out.toString());
    assertEquals("2", noServer[0], noServer[1]);
    assertTrue(noServer[2].startsWith("lhx search: ") && noServer[2].contains("127.0.0.1:1"), noServer[2]);
  }
}
