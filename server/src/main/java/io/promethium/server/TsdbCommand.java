package io.promethium.server;

import picocli.CommandLine.Command;

/** {@code promethium tsdb ...}: promtool's TSDB tools. */
@Command(name = "tsdb", description = "Run tsdb commands.", mixinStandardHelpOptions = true,
    subcommands = {TsdbImportCommand.class})
public final class TsdbCommand {}
