"""The on-disk store: Oxigraph holding one named graph per article, and its dumps."""
