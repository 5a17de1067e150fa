package io.promethium.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged data on disk: start fails with a message naming the directory, never serves garbage. */
class CorruptStorageTest {
  @TempDir Path dir;

  @BeforeEach
  void fill() throws Exception {
    try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0))) {
      Appender app = db.appender();
      for (int i = 0; i < 2000; i++) {
        app.append(0, Labels.of("__name__", "m", "i", Integer.toString(i % 50)), i * 1000L, i);
      }
      app.commit();
    }
    assertThat(files(".sst")).isNotEmpty();
  }

  @Test
  void truncatedSstFilesFailTheStart() throws Exception {
    for (Path p : files(".sst")) {
      try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
        f.setLength(f.length() / 2);
      }
    }
    assertThatThrownBy(() -> Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0)))
        .isInstanceOf(StorageException.class).hasMessageContaining(dir.toString());
  }

  @Test
  void overwrittenSstBlocksFailTheStartOrTheRead() throws Exception {
    for (Path p : files(".sst")) {
      try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
        f.seek(100);
        f.write(new byte[64]); // inside the first data block: its checksum no longer matches
      }
    }
    assertThatThrownBy(() -> {
      try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0))) {
        TsdbTestSupport.read(db, Long.MIN_VALUE, Long.MAX_VALUE, false);
      }
    }).isInstanceOf(StorageException.class).hasMessageContaining(dir.toString());
  }

  @Test
  void garbageManifestFailsTheStart() throws Exception {
    for (Path p : files("MANIFEST")) {
      Files.write(p, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    }
    assertThatThrownBy(() -> Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0)))
        .isInstanceOf(StorageException.class).hasMessageContaining(dir.toString());
  }

  private List<Path> files(String pattern) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().contains(pattern)).toList();
    }
  }
}
