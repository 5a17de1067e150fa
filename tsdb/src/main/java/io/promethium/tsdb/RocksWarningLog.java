package io.promethium.tsdb;

import org.rocksdb.InfoLogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RocksDB's info log, sent to SLF4J instead of a {@code LOG} file in the data directory: that
 * file counted against the disk and size retention (~127 KB of options per open, flush and
 * compaction lines at INFO). Only warnings and worse (background errors such as a full disk,
 * corruption) are passed on.
 */
final class RocksWarningLog extends org.rocksdb.Logger {
  private static final Logger LOG = LoggerFactory.getLogger("io.promethium.tsdb.rocksdb");
  private final String path;

  RocksWarningLog(String path) {
    super(InfoLogLevel.WARN_LEVEL);
    this.path = path;
  }

  @Override
  protected void log(InfoLogLevel level, String message) {
    if (level == InfoLogLevel.WARN_LEVEL) {
      LOG.warn("msg=\"RocksDB\" path={} detail=\"{}\"", path, message);
    } else if (level.ordinal() > InfoLogLevel.WARN_LEVEL.ordinal() && level != InfoLogLevel.HEADER_LEVEL) {
      LOG.error("msg=\"RocksDB\" path={} detail=\"{}\"", path, message);
    }
  }
}
