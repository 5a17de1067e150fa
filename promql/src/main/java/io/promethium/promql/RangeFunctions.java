package io.promethium.promql;

import io.promethium.promql.ast.Function;

/** The functions over range vectors, following Prometheus 2.42's arithmetic exactly. */
final class RangeFunctions {
  interface RangeFunction {
    /** Computes {@code w.out}; false when the function yields no sample for this window. */
    boolean apply(Window w);
  }

  private RangeFunctions() {}

  static RangeFunction of(Function f) {
    return switch (f) {
      case RATE -> w -> extrapolatedRate(w, true, true);
      case INCREASE -> w -> extrapolatedRate(w, true, false);
      case DELTA -> w -> extrapolatedRate(w, false, false);
      case IRATE -> w -> instantValue(w, true);
      case IDELTA -> w -> instantValue(w, false);
      case DERIV -> RangeFunctions::deriv;
      case PREDICT_LINEAR -> RangeFunctions::predictLinear;
      case HOLT_WINTERS -> RangeFunctions::holtWinters;
      case CHANGES -> RangeFunctions::changes;
      case RESETS -> RangeFunctions::resets;
      case AVG_OVER_TIME -> RangeFunctions::avgOverTime;
      case SUM_OVER_TIME -> RangeFunctions::sumOverTime;
      case COUNT_OVER_TIME -> w -> {
        w.out = w.size();
        return true;
      };
      case MIN_OVER_TIME -> RangeFunctions::minOverTime;
      case MAX_OVER_TIME -> RangeFunctions::maxOverTime;
      case LAST_OVER_TIME -> w -> {
        w.out = w.vs[w.to - 1];
        return true;
      };
      case PRESENT_OVER_TIME, ABSENT_OVER_TIME -> w -> {
        w.out = 1;
        return true;
      };
      case STDDEV_OVER_TIME -> w -> {
        w.out = Math.sqrt(variance(w));
        return true;
      };
      case STDVAR_OVER_TIME -> w -> {
        w.out = variance(w);
        return true;
      };
      case QUANTILE_OVER_TIME -> RangeFunctions::quantileOverTime;
      default -> throw new IllegalArgumentException("not a range function: " + f.functionName());
    };
  }

  private static boolean extrapolatedRate(Window w, boolean isCounter, boolean isRate) {
    int n = w.size();
    if (n < 2) {
      return false;
    }
    long[] ts = w.ts;
    double[] vs = w.vs;
    int first = w.from;
    int last = w.to - 1;
    double result = vs[last] - vs[first];
    if (isCounter) {
      double lastValue = 0;
      for (int i = first; i <= last; i++) {
        if (vs[i] < lastValue) {
          result += lastValue;
        }
        lastValue = vs[i];
      }
    }
    double durationToStart = (ts[first] - w.rangeStart) / 1000.0;
    double durationToEnd = (w.rangeEnd - ts[last]) / 1000.0;
    double sampledInterval = (ts[last] - ts[first]) / 1000.0;
    double averageDurationBetweenSamples = sampledInterval / (n - 1);
    if (isCounter && result > 0 && vs[first] >= 0) {
      // A counter cannot go below zero: do not extrapolate past the point where it would be 0.
      double durationToZero = sampledInterval * (vs[first] / result);
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    double threshold = averageDurationBetweenSamples * 1.1;
    double extrapolateToInterval = sampledInterval;
    extrapolateToInterval += durationToStart < threshold ? durationToStart : averageDurationBetweenSamples / 2;
    extrapolateToInterval += durationToEnd < threshold ? durationToEnd : averageDurationBetweenSamples / 2;
    result = result * (extrapolateToInterval / sampledInterval);
    if (isRate) {
      result = result / (w.rangeMs / 1000.0);
    }
    w.out = result;
    return true;
  }

  private static boolean instantValue(Window w, boolean isRate) {
    if (w.size() < 2) {
      return false;
    }
    int last = w.to - 1;
    int prev = last - 1;
    double result = w.vs[last] - w.vs[prev];
    if (isRate && w.vs[last] < w.vs[prev]) {
      result = w.vs[last]; // counter reset
    }
    long sampledInterval = w.ts[last] - w.ts[prev];
    if (sampledInterval == 0) {
      return false;
    }
    if (isRate) {
      result /= sampledInterval / 1000.0;
    }
    w.out = result;
    return true;
  }

  /** Least-squares slope and intercept at {@code interceptTime}; returns slope, intercept in out[0..1]. */
  private static void linearRegression(Window w, long interceptTime, double[] out) {
    double n = 0;
    double sumX = 0;
    double cX = 0;
    double sumY = 0;
    double cY = 0;
    double sumXY = 0;
    double cXY = 0;
    double sumX2 = 0;
    double cX2 = 0;
    double initY = w.vs[w.from];
    boolean constY = true;
    for (int i = w.from; i < w.to; i++) {
      double y = w.vs[i];
      if (constY && i > w.from && y != initY) {
        constY = false;
      }
      n += 1;
      double x = (w.ts[i] - interceptTime) / 1e3;
      double[] r = KahanSum.inc(x, sumX, cX);
      sumX = r[0];
      cX = r[1];
      r = KahanSum.inc(y, sumY, cY);
      sumY = r[0];
      cY = r[1];
      r = KahanSum.inc(x * y, sumXY, cXY);
      sumXY = r[0];
      cXY = r[1];
      r = KahanSum.inc(x * x, sumX2, cX2);
      sumX2 = r[0];
      cX2 = r[1];
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        out[0] = Double.NaN;
        out[1] = Double.NaN;
      } else {
        out[0] = 0;
        out[1] = initY;
      }
      return;
    }
    sumX += cX;
    sumY += cY;
    sumXY += cXY;
    sumX2 += cX2;
    double covXY = sumXY - sumX * sumY / n;
    double varX = sumX2 - sumX * sumX / n;
    double slope = covXY / varX;
    out[0] = slope;
    out[1] = sumY / n - slope * sumX / n;
  }

  private static boolean deriv(Window w) {
    if (w.size() < 2) {
      return false;
    }
    double[] r = new double[2];
    linearRegression(w, w.ts[w.from], r);
    w.out = r[0];
    return true;
  }

  private static boolean predictLinear(Window w) {
    if (w.size() < 2) {
      return false;
    }
    double[] r = new double[2];
    linearRegression(w, w.evalTs, r);
    w.out = r[0] * w.p0 + r[1];
    return true;
  }

  private static boolean holtWinters(Window w) {
    double sf = w.p0;
    double tf = w.p1;
    if (sf <= 0 || sf >= 1) {
      throw new QueryExecutionException(
          "invalid smoothing factor. Expected: 0 < sf < 1, got: " + String.format(java.util.Locale.ROOT, "%f", sf));
    }
    if (tf <= 0 || tf >= 1) {
      throw new QueryExecutionException(
          "invalid trend factor. Expected: 0 < tf < 1, got: " + String.format(java.util.Locale.ROOT, "%f", tf));
    }
    int l = w.size();
    if (l < 2) {
      return false;
    }
    double s0 = 0;
    double s1 = w.vs[w.from];
    double b = w.vs[w.from + 1] - w.vs[w.from];
    for (int i = 1; i < l; i++) {
      double x = sf * w.vs[w.from + i];
      if (i - 1 != 0) {
        b = tf * (s1 - s0) + (1 - tf) * b;
      }
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    w.out = s1;
    return true;
  }

  private static boolean changes(Window w) {
    int changes = 0;
    double prev = w.vs[w.from];
    for (int i = w.from + 1; i < w.to; i++) {
      double cur = w.vs[i];
      if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
        changes++;
      }
      prev = cur;
    }
    w.out = changes;
    return true;
  }

  private static boolean resets(Window w) {
    int resets = 0;
    double prev = w.vs[w.from];
    for (int i = w.from + 1; i < w.to; i++) {
      double cur = w.vs[i];
      if (cur < prev) {
        resets++;
      }
      prev = cur;
    }
    w.out = resets;
    return true;
  }

  private static boolean avgOverTime(Window w) {
    double mean = 0;
    double c = 0;
    double count = 0;
    for (int i = w.from; i < w.to; i++) {
      double v = w.vs[i];
      count++;
      if (Double.isInfinite(mean)) {
        if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
          continue;
        }
        if (!Double.isInfinite(v) && !Double.isNaN(v)) {
          continue;
        }
      }
      double[] r = KahanSum.inc(v / count - mean / count, mean, c);
      mean = r[0];
      c = r[1];
    }
    w.out = Double.isInfinite(mean) ? mean : mean + c;
    return true;
  }

  private static boolean sumOverTime(Window w) {
    double sum = 0;
    double c = 0;
    for (int i = w.from; i < w.to; i++) {
      double[] r = KahanSum.inc(w.vs[i], sum, c);
      sum = r[0];
      c = r[1];
    }
    w.out = Double.isInfinite(sum) ? sum : sum + c;
    return true;
  }

  private static boolean minOverTime(Window w) {
    double min = w.vs[w.from];
    for (int i = w.from; i < w.to; i++) {
      double v = w.vs[i];
      if (v < min || Double.isNaN(min)) {
        min = v;
      }
    }
    w.out = min;
    return true;
  }

  private static boolean maxOverTime(Window w) {
    double max = w.vs[w.from];
    for (int i = w.from; i < w.to; i++) {
      double v = w.vs[i];
      if (v > max || Double.isNaN(max)) {
        max = v;
      }
    }
    w.out = max;
    return true;
  }

  private static double variance(Window w) {
    double count = 0;
    double mean = 0;
    double cMean = 0;
    double aux = 0;
    double cAux = 0;
    for (int i = w.from; i < w.to; i++) {
      double v = w.vs[i];
      count++;
      double delta = v - (mean + cMean);
      double[] r = KahanSum.inc(delta / count, mean, cMean);
      mean = r[0];
      cMean = r[1];
      r = KahanSum.inc(delta * (v - (mean + cMean)), aux, cAux);
      aux = r[0];
      cAux = r[1];
    }
    return (aux + cAux) / count;
  }

  private static boolean quantileOverTime(Window w) {
    double[] vals = java.util.Arrays.copyOfRange(w.vs, w.from, w.to);
    w.out = Quantile.of(w.p0, vals, vals.length);
    return true;
  }
}
