package org.mtudoctor.capture;

import java.io.Closeable;

/**
 * An input opened for our own readers.
 *
 * @param name      how messages name the input: the path, or "standard input"
 * @param buffer    the capture bytes, decompressed when the input was gzip
 * @param fileBytes counts the bytes taken from the file itself, for progress
 * @param stream    the outermost stream, closing it closes the rest
 */
record CaptureInput(String name, ReadBuffer buffer, CountingChannel fileBytes, Closeable stream) {
}
