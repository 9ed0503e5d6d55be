"""The framework-neutral core: signature -> plan -> pipeline, with no Falcon import."""
