package io.promethium.tsdb;

/** A failure of the store itself (I/O, corruption, disk full), as opposed to a rejected sample. */
public class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
