package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.pipeline.CommandLineName;
import io.lecturehighlights.pipeline.LectureHighlightsOptions;
import java.beans.Introspector;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The job options of {@code lhx batch/demo/stream}, generated from the getters of {@link LectureHighlightsOptions}
 * that carry a {@link CommandLineName}: name, help text and default are written once, on the Beam option. Only the
 * options given on the command line are set on the job's options; the rest keep the Beam default, so a
 * {@code --pipeline-arg=--minSilenceSeconds=0.7} takes effect, and one that names an option also given as an lhx
 * option (or one lhx sets from its own flags) is a usage error instead of being silently overwritten.
 */
final class JobOptions {
  /** One generated option: the Beam property, its lhx name, value type, help text and Beam default (or null). */
  record Declared(String property, String name, Class<?> type, String description, String defaultText,
      Method getter, Method setter, CommandLineName rules) {}

  /** Every lhx job option, in the order the interface declares them (help sorts them by name). */
  static final List<Declared> DECLARED = declared();

  // Values given on the command line, by Beam property; absent: not given.
  private final Map<String, Object> given = new LinkedHashMap<>();

  /** Adds the generated options to the command of a {@link BatchSettings} mixin (picocli calls it per command). */
  static final class AddToCommand implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      for (CommandSpec mixin : spec.mixins().values()) {
        if (mixin.userObject() instanceof BatchSettings s) {
          s.job.addTo(spec);
        }
      }
      return spec;
    }
  }

  void addTo(CommandSpec spec) {
    for (Declared d : DECLARED) {
      spec.addOption(OptionSpec.builder(d.name())
          .type(boxed(d.type()))
          .paramLabel("<" + d.property() + ">")
          .description(escape(d.description()) + (d.defaultText() == null ? ""
              : " Default: " + (d.defaultText().isEmpty() ? "''" : escape(d.defaultText())) + "."))
          .setter(new CommandLine.Model.ISetter() {
            @Override
            public <T> T set(T value) {
              if (value != null) {
                given.put(d.property(), value);
              }
              return null;
            }
          })
          .getter(new CommandLine.Model.IGetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T get() {
              return (T) given.get(d.property());
            }
          })
          .build());
    }
  }

  /** The value given for a Beam property on the command line, or null. */
  Object given(String property) {
    return given.get(property);
  }

  /** Sets a value as if it were given (tests, and commands that fill in options for the user). */
  void give(String property, Object value) {
    declaration(property);
    given.put(property, value);
  }

  /**
   * The job's options: the {@code --pipeline-arg}s, then the lhx options given. {@code ownedByLhx} maps the Beam
   * properties the caller sets from its own flags to those flags; a pipeline argument naming one of them, or an
   * option also given as an lhx option, is rejected (IllegalArgumentException, a usage error).
   */
  LectureHighlightsOptions toPipelineOptions(List<String> pipelineArgs, Map<String, String> ownedByLhx) {
    for (String arg : pipelineArgs) {
      String property = propertyOf(arg);
      if (given.containsKey(property)) {
        throw new IllegalArgumentException("--pipeline-arg=" + arg + " and " + declaration(property).name()
            + " both set " + property + ": give only one of them");
      }
      if (ownedByLhx.containsKey(property)) {
        throw new IllegalArgumentException("--pipeline-arg=" + arg + " sets " + property + ", which lhx sets from "
            + ownedByLhx.get(property) + ": use that instead");
      }
    }
    LectureHighlightsOptions o =
        PipelineOptionsFactory.fromArgs(pipelineArgs.toArray(new String[0])).as(LectureHighlightsOptions.class);
    for (Map.Entry<String, Object> e : given.entrySet()) {
      try {
        declaration(e.getKey()).setter().invoke(o, e.getValue());
      } catch (IllegalAccessException | InvocationTargetException ex) {
        throw new IllegalStateException("cannot set " + e.getKey(), ex);
      }
    }
    return o;
  }

  /**
   * Checks every lhx job option's value against the range or choices its {@link CommandLineName} declares, whether
   * it came from the lhx option, a {@code --pipeline-arg} or the default; IllegalArgumentException names the option.
   */
  static void validate(LectureHighlightsOptions o) {
    for (Declared d : DECLARED) {
      Object value;
      try {
        value = d.getter().invoke(o);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + d.property(), e);
      }
      String problem = problem(d.rules(), value);
      if (problem != null) {
        throw new IllegalArgumentException(d.name() + " '" + value + "' " + problem + " (pipeline option "
            + d.property() + ")");
      }
    }
  }

  /** What is wrong with a value under these rules, or null. */
  static String problem(CommandLineName rules, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      double v = n.doubleValue();
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        return "must be a finite number";
      }
      if (rules.positive() && !(v > 0)) {
        return "must be above 0";
      }
      if (v < rules.min()) {
        return "must be at least " + number(rules.min());
      }
      if (v > rules.max()) {
        return "must be at most " + number(rules.max());
      }
    }
    if (value instanceof String text) {
      if (rules.oneOf().length > 0 && !List.of(rules.oneOf()).contains(text)) {
        return "must be one of " + String.join(", ", rules.oneOf());
      }
      if (rules.httpUrl()) {
        try {
          java.net.URI uri = new java.net.URI(text);
          if (!uri.isAbsolute() || uri.getHost() == null
              || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            return "must be an http(s) URL";
          }
        } catch (java.net.URISyntaxException e) {
          return "must be an http(s) URL";
        }
      }
    }
    return null;
  }

  /** Whether one of the pipeline arguments sets this Beam property (then a default lhx would apply stays off). */
  static boolean sets(List<String> pipelineArgs, String property) {
    return pipelineArgs.stream().anyMatch(a -> propertyOf(a).equals(property));
  }

  /** "maxBundleSize" of "--maxBundleSize=1" (Beam's own form; "--name value" is not accepted by --pipeline-arg). */
  static String propertyOf(String pipelineArg) {
    String a = pipelineArg.startsWith("--") ? pipelineArg.substring(2) : pipelineArg;
    int eq = a.indexOf('=');
    return eq < 0 ? a : a.substring(0, eq);
  }

  private static Declared declaration(String property) {
    return DECLARED.stream().filter(d -> d.property().equals(property)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no lhx option for " + property));
  }

  private static List<Declared> declared() {
    List<Declared> out = new ArrayList<>();
    List<Method> getters = new ArrayList<>(List.of(LectureHighlightsOptions.class.getDeclaredMethods()));
    // getDeclaredMethods has no defined order; the help text sorts by name anyway, this keeps tests stable.
    getters.sort(Comparator.comparing(Method::getName));
    for (Method getter : getters) {
      CommandLineName name = getter.getAnnotation(CommandLineName.class);
      if (name == null) {
        continue;
      }
      String suffix = getter.getName().startsWith("is") ? getter.getName().substring(2)
          : getter.getName().substring(3);
      Method setter;
      try {
        setter = LectureHighlightsOptions.class.getMethod("set" + suffix, getter.getReturnType());
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(getter + " has no setter", e);
      }
      Description description = getter.getAnnotation(Description.class);
      if (description == null) {
        throw new IllegalStateException(getter + " is an lhx option without @Description");
      }
      out.add(new Declared(Introspector.decapitalize(suffix), name.value(), getter.getReturnType(),
          description.value(), defaultText(getter), getter, setter, name));
    }
    return List.copyOf(out);
  }

  /** The Beam default as text, from whichever {@code @Default.X} the getter carries; null without one. */
  static String defaultText(Method getter) {
    if (getter.getAnnotation(Default.String.class) != null) {
      return getter.getAnnotation(Default.String.class).value();
    }
    if (getter.getAnnotation(Default.Double.class) != null) {
      return number(getter.getAnnotation(Default.Double.class).value());
    }
    if (getter.getAnnotation(Default.Integer.class) != null) {
      return Integer.toString(getter.getAnnotation(Default.Integer.class).value());
    }
    if (getter.getAnnotation(Default.Long.class) != null) {
      return Long.toString(getter.getAnnotation(Default.Long.class).value());
    }
    if (getter.getAnnotation(Default.Boolean.class) != null) {
      return Boolean.toString(getter.getAnnotation(Default.Boolean.class).value());
    }
    if (getter.getAnnotation(Default.Enum.class) != null) {
      return getter.getAnnotation(Default.Enum.class).value();
    }
    return null;
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static Class<?> boxed(Class<?> type) {
    if (type == double.class) {
      return Double.class;
    }
    if (type == int.class) {
      return Integer.class;
    }
    if (type == long.class) {
      return Long.class;
    }
    if (type == boolean.class) {
      return Boolean.class;
    }
    return type;
  }

  // picocli formats descriptions with String.format.
  private static String escape(String text) {
    return text.replace("%", "%%");
  }
}
