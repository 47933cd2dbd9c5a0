package io.lecturehighlights.transforms.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Checks for the stage configs, which are records with withers. A wither calls the canonical constructor with every
 * component listed by position, so a slip (two doubles swapped) compiles: these checks catch it by comparing every
 * component by name.
 */
public final class ConfigValues {
  private ConfigValues() {}

  /**
   * Applies {@code wither} to {@code original} and checks that exactly the {@code changed} components differ, that
   * the original still equals a fresh copy of itself (it was not modified), and returns the new config.
   */
  public static <R extends Record> R assertWitherChangesOnly(R original, UnaryOperator<R> wither,
      String... changed) {
    R before = roundTrip(original);
    R after = wither.apply(original);
    assertEquals(before, original, "the wither left the original unchanged");
    Set<String> expected = Set.of(changed);
    for (RecordComponent c : original.getClass().getRecordComponents()) {
      Object was = value(c, original);
      Object now = value(c, after);
      if (expected.contains(c.getName())) {
        assertNotEquals(was, now, c.getName() + " changed");
      } else {
        assertEquals(was, now, c.getName() + " unchanged");
      }
    }
    assertTrue(Arrays.stream(original.getClass().getRecordComponents())
        .map(RecordComponent::getName).toList().containsAll(expected), "components exist: " + expected);
    return after;
  }

  /** Java serialization there and back, as Beam does with the DoFns that hold a config. */
  @SuppressWarnings("unchecked")
  public static <T> T roundTrip(T value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(value);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return (T) in.readObject();
      }
    } catch (Exception e) {
      throw new AssertionError("not serializable: " + value, e);
    }
  }

  private static Object value(RecordComponent c, Record r) {
    try {
      c.getAccessor().setAccessible(true);
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
