package com.servicehub.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Prints a scenario's Markdown section and appends it to the report file, when there is one. */
final class MarkdownReport {

    private final Path file;
    private final PrintStream console;

    MarkdownReport(Path file, PrintStream console) {
        this.file = file;
        this.console = console;
    }

    void write(String markdown) throws IOException {
        console.println();
        console.println(markdown);
        if (file != null) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, markdown + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
