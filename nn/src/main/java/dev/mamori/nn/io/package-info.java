/**
 * Files: the safetensors format ({@link dev.mamori.nn.io.SafeTensors}, reader and writer, with header checks that name
 * the file and tensor, {@link dev.mamori.nn.io.SafeTensorsException}), half-precision conversion, and the PyTorch
 * reference fixtures the parity tests read ({@link dev.mamori.nn.io.OracleFixture}).
 */
package dev.mamori.nn.io;
