package io.lecturehighlights.pipeline.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.HtmlEscape;
import java.util.Locale;

/**
 * The service's own pages: search, watch (the source video at a moment) and a clip. Plain HTML with a little script;
 * every string from a record goes through {@link HtmlEscape#text}, and the search page's script sets result text with
 * {@code textContent} (only the snippet's HTML, escaped by {@code Snippet.html()} with its {@code <mark>}s, is set as
 * HTML). The batch index and the lectures' reports are the output folder's own pages, served as files.
 */
final class Pages {
  private Pages() {}

  private static final String STYLE = """
      body{font:16px/1.45 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1d2430}
      nav a{margin-right:1rem}h1{font-size:1.4rem}form{display:flex;gap:.5rem;margin:1rem 0}
      input[type=search]{flex:1;font-size:1rem;padding:.4rem}button{font-size:1rem}
      .result{display:block;padding:.6rem .8rem;margin:.5rem 0;border:1px solid #ccd;border-radius:6px;
      color:inherit;text-decoration:none}.result:hover{background:#f3f6fb}.meta{color:#556;font-size:.9rem}
      mark{background:#ffe58a}video{width:100%;max-height:70vh;background:#000}.err{color:#a11}""";

  private static String page(String title, String body) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        + "<title>" + HtmlEscape.text(title) + "</title><style>" + STYLE + "</style></head><body>"
        + "<nav><a href=\"" + Links.FILES + "index.html\">All lectures</a><a href=\"/search\">Search</a></nav>"
        + body + "</body></html>\n";
  }

  /** The search page: a form, and results from /api/search, each a link to the watch page at its start. */
  static String search() {
    return page("Search lectures", """
        <h1>Search lectures</h1>
        <form id="search-form"><input type="search" id="q" name="q" maxlength="500" autofocus
          placeholder="e.g. where was Newton's second law explained?" aria-label="Search"><button>Search</button></form>
        <div id="status" class="meta"></div><div id="results"></div>
        <script>
        const form = document.getElementById('search-form'), box = document.getElementById('results'),
          status = document.getElementById('status'), q = document.getElementById('q');
        function clock(s) { s = Math.max(0, Math.floor(s)); const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60,
          x = String(s % 60).padStart(2, '0'); return h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + x
          : String(m).padStart(2, '0') + ':' + x; }
        async function run(text) {
          box.replaceChildren(); status.className = 'meta'; status.textContent = 'Searching…';
          const params = new URLSearchParams(location.search); params.set('q', text);
          const res = await fetch('/api/search?' + params.toString());
          const body = await res.json();
          if (!res.ok) { status.className = 'err'; status.textContent = body.reason; return; }
          status.textContent = body.results.length ? body.results.length + ' results' : 'No results for "' + text + '"';
          for (const r of body.results) {
            const a = document.createElement('a'); a.className = 'result'; a.href = r.watchUrl;
            a.dataset.start = r.start; a.dataset.job = r.jobId;
            const title = document.createElement('strong'); title.textContent = r.lectureTitle;
            const meta = document.createElement('div'); meta.className = 'meta';
            meta.textContent = [r.course, r.semester, clock(r.start) + '-' + clock(r.end), r.topicTitle]
              .filter(x => x).join(' · ');
            const snip = document.createElement('div'); snip.innerHTML = r.snippetHtml; // escaped by the server
            const links = document.createElement('div'); links.className = 'meta';
            const rep = document.createElement('a'); rep.href = r.reportUrl; rep.textContent = 'report';
            links.append(rep);
            if (r.clipUrl) { const c = document.createElement('a'); c.href = r.clipUrl; c.textContent = ' clip';
              links.append(' · ', c); }
            a.append(title, meta, snip); box.append(a, links);
          }
        }
        form.addEventListener('submit', e => { e.preventDefault(); const t = q.value.trim(); if (!t) return;
          history.replaceState(null, '', '?q=' + encodeURIComponent(t)); run(t); });
        const initial = new URLSearchParams(location.search).get('q');
        if (initial) { q.value = initial; run(initial); }
        </script>""");
  }

  /** A lecture's source video, seeking to {@code t} seconds once it can (and by the media fragment before that). */
  static String watch(JsonNode job, double t) {
    String id = job.path("jobId").asText();
    JsonNode meta = job.path("metadata");
    String title = meta.path("title").asText(id);
    String where = String.join(" · ", java.util.stream.Stream.of(meta.path("course").asText(""),
        meta.path("semester").asText("")).filter(s -> !s.isBlank()).toList());
    String at = String.format(Locale.ROOT, "%.3f", t);
    return page(title, "<h1>" + HtmlEscape.text(title) + "</h1><p class=\"meta\">" + HtmlEscape.text(where)
        + " · <a href=\"" + Links.file(id + "/report.html") + "#t=" + (long) Math.floor(t) + "\">report</a></p>"
        + "<video id=\"player\" controls preload=\"metadata\" data-start=\"" + at + "\" src=\"" + Links.video(id)
        + "#t=" + at + "\"></video>"
        + "<script>const v = document.getElementById('player'), t = parseFloat(v.dataset.start);"
        + "function seek() { if (Math.abs(v.currentTime - t) > 0.25) v.currentTime = t; }"
        + "if (v.readyState >= 1) seek(); else v.addEventListener('loadedmetadata', seek, {once: true});</script>");
  }

  /** One highlight clip with its subtitles and where it comes from. */
  static String clip(JsonNode job, JsonNode clip) {
    String id = job.path("jobId").asText();
    String lecture = job.path("metadata").path("title").asText(id);
    String title = clip.path("title").asText("Clip " + clip.path("index").asInt());
    StringBuilder b = new StringBuilder();
    b.append("<h1>").append(HtmlEscape.text(title)).append("</h1><p class=\"meta\">")
        .append(HtmlEscape.text(lecture)).append(" · <a href=\"").append(Links.file(id + "/report.html"))
        .append("\">report</a>");
    if (clip.path("start").isNumber()) {
      double start = clip.get("start").asDouble();
      b.append(" · <a href=\"").append(Links.watch(id, start)).append("\">in the lecture</a>");
    }
    b.append("</p><video id=\"player\" controls preload=\"metadata\" src=\"")
        .append(HtmlEscape.text(clip.path("url").asText())).append('"');
    if (clip.hasNonNull("thumbnailUrl")) {
      b.append(" poster=\"").append(HtmlEscape.text(clip.get("thumbnailUrl").asText())).append('"');
    }
    b.append('>');
    if (clip.hasNonNull("subtitlesUrl")) {
      b.append("<track kind=\"subtitles\" srclang=\"en\" label=\"Subtitles\" default src=\"")
          .append(HtmlEscape.text(clip.get("subtitlesUrl").asText())).append("\">");
    }
    b.append("</video>");
    return page(title, b.toString());
  }
}
