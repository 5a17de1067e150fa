package io.promethium.server;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * Fills a {@link ServerCommand} from a plain server command line without building picocli's
 * model. picocli is compiled for Java 5, a class format the JVM's class-data sharing and AOT cache
 * cannot hold, so its ~175 classes are loaded and verified from the jar on every start, and its
 * model of all commands is built by reflection: 0.4-1 s of a 2-3 s start. This reads the same
 * {@link Option} annotations, so the flags have one definition, and takes only the unambiguous
 * shapes ({@code --name=value}, {@code --name value}, {@code --switch}); anything else (help,
 * version, subcommands, unknown or repeated flags, values it would have to second-guess) is left
 * to picocli, which then parses the whole line and reports errors in its words.
 */
final class DirectFlagParser {
  private static final Pattern PLAIN_INTEGER = Pattern.compile("-?[0-9]{1,18}");
  /** What {@link Option#defaultValue()} is when an option declares none. */
  private static final String NO_DEFAULT = "__no_default_value__";

  private DirectFlagParser() {}

  /**
   * Parses {@code args} into {@code cmd}.
   *
   * @return false if the line is not one this parser takes; {@code cmd} is then in an unspecified
   *     state and must be parsed by picocli instead
   */
  static boolean parse(ServerCommand cmd, String[] args) {
    if (!onlyOptionFields()) {
      return false;
    }
    Map<String, Field> byName = new HashMap<>();
    for (Field f : ServerCommand.class.getDeclaredFields()) {
      Option o = f.getAnnotation(Option.class);
      if (o != null) {
        for (String n : o.names()) {
          byName.put(n, f);
        }
      }
    }
    Set<Field> given = new HashSet<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        Field f = name.startsWith("--") ? byName.get(name) : null;
        if (f == null) {
          return false;
        }
        Option o = f.getAnnotation(Option.class);
        boolean isSwitch = f.getType() == boolean.class && !"1".equals(o.arity());
        String value;
        if (isSwitch) {
          if (eq >= 0) {
            return false;
          }
          value = "true";
        } else if (eq >= 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
          value = args[++i];
        } else {
          return false;
        }
        boolean repeated = !given.add(f);
        if (repeated && f.getType() != List.class) {
          return false; // picocli reports a repeated single-valued flag
        }
        if (!assign(cmd, f, o, value, repeated)) {
          return false;
        }
      }
      for (Field f : byName.values()) {
        Option o = f.getAnnotation(Option.class);
        if (given.contains(f) || NO_DEFAULT.equals(o.defaultValue())) {
          continue;
        }
        if (Option.NULL_VALUE.equals(o.defaultValue()) || !assign(cmd, f, o, o.defaultValue(), false)) {
          return false;
        }
      }
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * True while every picocli annotation on {@link ServerCommand} is an {@link Option} on a field.
   * A mixin, argument group, positional parameter or annotated setter added later would carry
   * options or defaults this parser does not know, so it then leaves everything to picocli.
   */
  static boolean onlyOptionFields() {
    for (Field f : ServerCommand.class.getDeclaredFields()) {
      for (Annotation a : f.getAnnotations()) {
        if (isPicocli(a) && !(a instanceof Option)) {
          return false;
        }
      }
    }
    for (Method m : ServerCommand.class.getDeclaredMethods()) {
      for (Annotation a : m.getAnnotations()) {
        if (isPicocli(a)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isPicocli(Annotation a) {
    return a.annotationType().getName().startsWith("picocli.");
  }

  @SuppressWarnings("unchecked")
  private static boolean assign(ServerCommand cmd, Field f, Option o, String value, boolean append)
      throws ReflectiveOperationException {
    if (value.contains("${")) {
      return false; // picocli interpolates variables
    }
    Object v;
    Class<?> type = f.getType();
    if (o.converter().length > 0) {
      try {
        v = ((ITypeConverter<?>) o.converter()[0].getDeclaredConstructor().newInstance()).convert(value);
      } catch (Exception e) {
        return false; // picocli words the error
      }
    } else if (type == String.class) {
      v = value;
    } else if (type == int.class || type == long.class) {
      if (!PLAIN_INTEGER.matcher(value).matches()) {
        return false;
      }
      long n = Long.parseLong(value);
      if (type == int.class && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
        return false;
      }
      v = type == int.class ? (Object) (int) n : (Object) n;
    } else if (type == boolean.class) {
      if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
        return false;
      }
      v = Boolean.parseBoolean(value);
    } else if (type == List.class && ",".equals(o.split())) {
      if (value.isEmpty() || value.startsWith(",") || value.endsWith(",") || value.contains(",,")
          || value.indexOf('"') >= 0) {
        return false; // empty items and quoting: picocli's rules
      }
      List<String> items = new ArrayList<>(append ? (List<String>) f.get(cmd) : List.of());
      items.addAll(List.of(value.split(",")));
      v = items;
    } else {
      return false;
    }
    f.setAccessible(true);
    f.set(cmd, v);
    return true;
  }
}
