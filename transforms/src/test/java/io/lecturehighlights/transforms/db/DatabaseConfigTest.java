package io.lecturehighlights.transforms.db;

import static io.lecturehighlights.transforms.common.ConfigValues.assertWitherChangesOnly;
import static io.lecturehighlights.transforms.common.ConfigValues.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DatabaseConfigTest {
  private final DatabaseConfig c = new DatabaseConfig("jdbc:postgresql://db/lhx", "lhx", "LHX_DB_PASSWORD", 4);

  @Test
  void eachWitherChangesOnlyItsOwnValueAndLeavesTheOriginal() {
    assertEquals("other", assertWitherChangesOnly(c, x -> x.withUser("other"), "user").user());
    assertNull(assertWitherChangesOnly(c, x -> x.withPasswordEnv(null), "passwordEnv").passwordEnv());
    assertEquals(1, assertWitherChangesOnly(c, x -> x.withMaxConnections(1), "maxConnections").maxConnections());
  }

  @Test
  void onlyTheVariableNameTravelsAndIsShown() {
    assertEquals(c, roundTrip(c));
    assertEquals("lhx@jdbc:postgresql://db/lhx", c.toString());
    assertNull(c.withPasswordEnv(null).password());
  }
}
