package io.promethium.server;

import picocli.CommandLine.Command;

/** {@code promethium check ...}: promtool's checks. */
@Command(name = "check", description = "Check the resource for validity.", mixinStandardHelpOptions = true,
    subcommands = {CheckConfigCommand.class})
public final class CheckCommand {}
