/**
 * Finding and fetching datasets by name. {@link dev.mamori.data.catalog.DataCatalog} searches $MAMORI_DATA,
 * ~/.mamori/data, Debian's /usr/share/datasets and npm prefixes, and offers list() and show(name);
 * {@link dev.mamori.data.catalog.DataFetcher} installs what the machine can (apt-get as root, npm) and otherwise
 * says exactly which files to put where. Known names: fashion-mnist, mnist, sentiment, emoji-category, emoji-faces,
 * openmoji-sketch, cifar10, cifar100, celeba,
 * imagenet, coco.
 */
package dev.mamori.data.catalog;
