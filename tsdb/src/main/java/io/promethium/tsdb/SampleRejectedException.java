package io.promethium.tsdb;

/**
 * A sample the head will not take, with Prometheus's wording ({@code out of order sample},
 * {@code duplicate sample for timestamp}, {@code out of bounds}). Thrown without a stack trace:
 * scrapes hit this on a hot path and the reason is all that matters.
 */
public final class SampleRejectedException extends RuntimeException {
  public enum Reason {
    OUT_OF_ORDER("out of order sample"),
    DUPLICATE("duplicate sample for timestamp"),
    OUT_OF_BOUNDS("out of bounds");

    private final String message;

    Reason(String message) {
      this.message = message;
    }

    public String message() {
      return message;
    }
  }

  public static final SampleRejectedException OUT_OF_ORDER = new SampleRejectedException(Reason.OUT_OF_ORDER);
  public static final SampleRejectedException DUPLICATE = new SampleRejectedException(Reason.DUPLICATE);
  public static final SampleRejectedException OUT_OF_BOUNDS = new SampleRejectedException(Reason.OUT_OF_BOUNDS);

  private final Reason reason;

  private SampleRejectedException(Reason reason) {
    super(reason.message(), null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
