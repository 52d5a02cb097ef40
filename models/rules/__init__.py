"""Pure rule extractors: a Doc goes in, NamedTuples come out, the Doc is not changed."""
