package io.lecturehighlights.transforms.report;

import static io.lecturehighlights.transforms.report.Html.esc;

import io.lecturehighlights.transforms.common.Stages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The frame both pages share: one light stylesheet, inline, and no external resource of any kind. */
final class Page {
  private Page() {}

  /** Pipeline order, for stage tables and charts; other names follow in alphabetical order. */
  static final List<String> STAGE_ORDER = List.of(Stages.VALIDATION, Stages.SILENCE, Stages.TRANSCRIPTION,
      Stages.LAYOUT, Stages.CONTENT, Stages.EXTRACTION, Stages.RENDERING, Stages.SINK);

  static List<String> orderedStages(Collection<String> names) {
    List<String> out = new ArrayList<>();
    for (String s : STAGE_ORDER) {
      if (names.contains(s)) {
        out.add(s);
      }
    }
    names.stream().filter(n -> !STAGE_ORDER.contains(n)).sorted().forEach(out::add);
    return out;
  }

  static String document(String title, String body, String script) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"generator\" content=\"lecture-highlights\">\n"
        // The page carries everything but the clip videos; no icon request either (that would be a failed fetch).
        + "<link rel=\"icon\" href=\"data:,\">\n"
        + "<title>" + esc(title) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n" + body
        + (script.isEmpty() ? "" : "\n<script>\n" + script + "\n</script>") + "\n</body>\n</html>\n";
  }

  static final String CSS = """
      :root { --fg:#1d2733; --muted:#5d6b7a; --line:#dfe3e8; --bg:#ffffff; --panel:#f7f8fa; --accent:#2f6fb5;
              --hl:#e07b00; --ok:#237a3b; --bad:#b3261e; --warn:#8a5a00; }
      * { box-sizing: border-box; }
      body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
             color: var(--fg); background: var(--bg); }
      main { max-width: 1280px; margin: 0 auto; padding: 20px 24px 48px; }
      h1 { font-size: 1.55rem; margin: 0 0 4px; }
      h2 { font-size: 1.15rem; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
      .sub { color: var(--muted); margin: 0 0 12px; }
      a { color: var(--accent); }
      code, .mono { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 0.88em; }
      .badge { display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: 0.8rem; font-weight: 600;
               letter-spacing: .02em; text-transform: uppercase; vertical-align: middle; }
      .badge.completed { background: #e3f3e7; color: var(--ok); }
      .badge.failed { background: #fbe4e2; color: var(--bad); }
      .badge.skipped, .badge.earlier { background: #eef0f3; color: var(--muted); }
      .badge.running, .badge.queued, .badge.unknown { background: #fff3d6; color: var(--warn); }
      .banner { border-left: 4px solid var(--bad); background: #fdf0ef; padding: 10px 14px; margin: 12px 0;
                border-radius: 4px; }
      .banner.notes { border-color: var(--warn); background: #fff8e8; }
      .banner ul { margin: 4px 0 0; padding-left: 18px; }
      .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 6px 18px;
               margin: 12px 0; }
      .facts div { min-width: 0; overflow-wrap: anywhere; }
      .facts dt { color: var(--muted); font-size: 0.8rem; }
      .facts dd { margin: 0; }
      .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px; }
      svg text { font-family: system-ui, "DejaVu Sans", sans-serif; fill: #4a5663; }
      .timeline { width: 100%; height: auto; display: block; cursor: crosshair; }
      .timeline .row-label { font-size: 12px; font-weight: 600; }
      .timeline .tick { font-size: 10px; }
      .timeline .hl-label { font-size: 12px; font-weight: 700; fill: #fff; pointer-events: none; }
      .timeline .highlight { cursor: pointer; }
      .timeline .slide-label { font-size: 10px; fill: #2e1f5e; pointer-events: none; }
      .legend { display: flex; flex-wrap: wrap; gap: 14px; color: var(--muted); font-size: 0.85rem; margin-top: 6px; }
      .legend i { display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: -1px;
                  border-radius: 2px; }
      .clips { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
      .clip { margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px;
              width: 300px; }
      .clip.wide { width: 440px; }
      .clip.current { border-color: var(--hl); box-shadow: 0 0 0 2px #f6c27a; }
      .clip video { width: 100%; max-height: 480px; background: #000; border-radius: 4px; display: block; }
      .clip figcaption { font-size: 0.88rem; margin-top: 6px; }
      .clip figcaption b { display: block; font-size: 0.95rem; }
      .caption-line { min-height: 1.4em; font-size: 0.85rem; color: #fff; background: #26303b; border-radius: 3px;
                      padding: 2px 6px; margin-top: 4px; }
      .caption-line:empty { background: transparent; }
      h2 .count { font-weight: 400; font-size: 0.95rem; }
      .slides { list-style: none; margin: 0; padding: 10px; display: grid; gap: 12px;
                grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); max-height: 80vh; overflow-y: auto;
                border: 1px solid var(--line); border-radius: 6px; }
      .slide-card { min-width: 0; display: flex; flex-direction: column; gap: 4px; background: var(--panel);
                    border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
      .slide-card.current { border-color: #6d4bb3; box-shadow: 0 0 0 2px #cbbdf0; }
      .slide-card .thumb { display: block; aspect-ratio: 16 / 9; background: #eef0f3; border-radius: 4px;
                           overflow: hidden; }
      .slide-card .thumb img { display: block; width: 100%; height: 100%; object-fit: contain; }
      .slide-card .thumb.none { display: flex; align-items: center; justify-content: center; color: var(--muted);
                                font-size: 0.8rem; }
      .slide-when { font-size: 0.85rem; }
      .slide-when a.ts { font-family: "DejaVu Sans Mono", ui-monospace, monospace; text-decoration: none; }
      .slide-no { display: inline-block; min-width: 1.7em; padding: 0 5px; margin-right: 6px; border-radius: 8px;
                  background: #ece6f8; color: #4b3285; font-size: 0.78rem; font-weight: 600; text-align: center; }
      .slide-title { overflow-wrap: anywhere; }
      .slide-text { font-size: 0.85rem; line-height: 1.4; color: #34414f; white-space: pre-line;
                    overflow-wrap: anywhere; max-height: 8.4em; overflow-y: auto; }
      .cols { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 24px; }
      @media (max-width: 900px) { .cols { grid-template-columns: 1fr; } .clip, .clip.wide { width: 100%; } }
      .transcript { list-style: none; margin: 0; padding: 0; max-height: 70vh; overflow-y: auto;
                    border: 1px solid var(--line); border-radius: 6px; }
      .transcript li { padding: 4px 10px; border-bottom: 1px solid #eef0f3; display: flex; gap: 10px; }
      .transcript li.in-clip { background: #fff6ea; }
      .transcript li.current { background: #e3eefb; }
      .transcript a.ts { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 0.85em;
                         text-decoration: none; min-width: 3.6em; padding-top: 1px; }
      .frame { position: relative; display: inline-block; max-width: 100%; margin: 0; }
      .frame img { display: block; max-width: 100%; height: auto; border-radius: 4px; }
      .frame svg { position: absolute; inset: 0; width: 100%; height: 100%; }
      table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
      th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
      th { color: var(--muted); font-weight: 600; font-size: 0.8rem; text-transform: uppercase; letter-spacing: .03em; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      .bar { display: inline-block; height: 8px; background: var(--accent); border-radius: 2px; vertical-align: middle; }
      .muted { color: var(--muted); }
      .totals { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
      .totals div { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px;
                    min-width: 120px; }
      .totals b { display: block; font-size: 1.35rem; }
      .totals span { color: var(--muted); font-size: 0.8rem; }
      .chart { width: 100%; max-width: 760px; height: auto; display: block; }
      label.toggle { font-size: 0.88rem; color: var(--muted); }
      """;
}
