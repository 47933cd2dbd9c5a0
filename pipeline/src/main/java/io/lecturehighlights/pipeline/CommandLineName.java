package io.lecturehighlights.pipeline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a job option that {@code lhx batch/demo/stream} offers under this name. The option is declared once, as a
 * getter of {@link LectureHighlightsOptions} with its {@code @Description} and {@code @Default}; the command line is
 * generated from it, so names, help text and defaults cannot drift apart from what the job reads.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CommandLineName {
  /** The lhx option, e.g. {@code --min-silence}; a public interface, kept when the Beam property is renamed. */
  String value();
}
