package io.lecturehighlights.transforms.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V6 (clip formats) on a results database that already holds clips: a production database is migrated in place, so
 * the rows written before formats existed must keep their clips, get their shape as format, and still be unique
 * under the new key, while a second format of the same clip can then be added.
 */
class ClipFormatsMigrationTest {
  @Test
  void clipsFromBeforeFormatsKeepTheirRowsWithTheirLayoutAsFormat() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      Flyway.configure().dataSource(url, "postgres", null).locations("classpath:db/migration").target("5").load()
          .migrate();
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("INSERT INTO jobs (job_id, source, status, updated_at) VALUES ('old', 'manifest', 'completed', now())");
        for (String[] clip : new String[][] {{"1", "vertical"}, {"2", "vertical"}, {"2", "original"}}) {
          s.execute("INSERT INTO clips (job_id, idx, layout, video_uri, duration_seconds, size_bytes, width, height, "
              + "video_codec, audio_codec, source_intervals) VALUES ('old', " + clip[0] + ", '" + clip[1] + "', "
              + "'/out/old/clips/clip-0" + clip[0] + ".mp4', 30, 1000, 720, 1280, 'h264', 'aac', "
              + "'[{\"start\": 10, \"end\": 40}]')");
        }
      }
      assertEquals(2, Migrations.migrate(new DatabaseConfig(url, "postgres", null, 2)), "V6 and V7 run on top");
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        List<String> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SELECT idx, layout, format, thumbnail_seconds FROM clips ORDER BY idx, format")) {
          while (r.next()) {
            rows.add(r.getInt(1) + " " + r.getString(2) + " " + r.getString(3));
            assertNull(r.getObject(4));
          }
        }
        assertEquals(List.of("1 vertical vertical", "2 original original", "2 vertical vertical"), rows);
        // The new key: another format of clip 1 is a new row; the same format again is refused.
        s.execute("INSERT INTO clips (job_id, idx, layout, format, video_uri, duration_seconds, size_bytes, width, "
            + "height, video_codec, audio_codec, source_intervals) VALUES ('old', 1, 'vertical', 'square', "
            + "'/out/old/clips/clip-01-square.mp4', 30, 800, 720, 720, 'h264', 'aac', '[]')");
        assertThrows(SQLException.class, () -> s.execute("INSERT INTO clips (job_id, idx, layout, format, video_uri, "
            + "duration_seconds, size_bytes, width, height, video_codec, audio_codec, source_intervals) VALUES "
            + "('old', 1, 'original', 'square', 'x', 1, 1, 1, 1, 'h264', 'aac', '[]')"));
      }
    }
  }
}
