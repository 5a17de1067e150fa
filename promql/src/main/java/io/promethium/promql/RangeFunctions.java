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
    // Same operation order as Prometheus (one factor, then one multiplication): the last bits matter
    // downstream, e.g. where histogram_quantile compares bucket rates with its rank.
    double factor = extrapolateToInterval / sampledInterval;
    if (isRate) {
      factor /= w.rangeMs / 1000.0;
    }
    result *= factor;
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

  /** Least-squares slope and intercept at {@code interceptTime}, into {@code w.slope} and {@code w.intercept}. */
  private static void linearRegression(Window w, long interceptTime) {
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
      double tsumX = sumX + (x);
      cX += KahanSum.compensation(sumX, x, tsumX);
      sumX = tsumX;
      double tsumY = sumY + (y);
      cY += KahanSum.compensation(sumY, y, tsumY);
      sumY = tsumY;
      double tsumXY = sumXY + (x * y);
      cXY += KahanSum.compensation(sumXY, x * y, tsumXY);
      sumXY = tsumXY;
      double tsumX2 = sumX2 + (x * x);
      cX2 += KahanSum.compensation(sumX2, x * x, tsumX2);
      sumX2 = tsumX2;
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        w.slope = Double.NaN;
        w.intercept = Double.NaN;
      } else {
        w.slope = 0;
        w.intercept = initY;
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
    w.slope = slope;
    w.intercept = sumY / n - slope * sumX / n;
  }

  private static boolean deriv(Window w) {
    if (w.size() < 2) {
      return false;
    }
    linearRegression(w, w.ts[w.from]);
    w.out = w.slope;
    return true;
  }

  private static boolean predictLinear(Window w) {
    if (w.size() < 2) {
      return false;
    }
    linearRegression(w, w.evalTs);
    w.out = w.slope * w.p0 + w.intercept;
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
      double tmean = mean + (v / count - mean / count);
      c += KahanSum.compensation(mean, v / count - mean / count, tmean);
      mean = tmean;
    }
    w.out = Double.isInfinite(mean) ? mean : mean + c;
    return true;
  }

  private static boolean sumOverTime(Window w) {
    double sum = 0;
    double c = 0;
    for (int i = w.from; i < w.to; i++) {
      double tsum = sum + (w.vs[i]);
      c += KahanSum.compensation(sum, w.vs[i], tsum);
      sum = tsum;
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
      double tmean = mean + (delta / count);
      cMean += KahanSum.compensation(mean, delta / count, tmean);
      mean = tmean;
      double taux = aux + (delta * (v - (mean + cMean)));
      cAux += KahanSum.compensation(aux, delta * (v - (mean + cMean)), taux);
      aux = taux;
    }
    return (aux + cAux) / count;
  }

  private static boolean quantileOverTime(Window w) {
    int n = w.size();
    if (w.scratch.length < n) {
      w.scratch = new double[Math.max(n, w.scratch.length * 2)];
    }
    System.arraycopy(w.vs, w.from, w.scratch, 0, n);
    w.out = Quantile.of(w.p0, w.scratch, n);
    return true;
  }
}
