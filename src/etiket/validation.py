"""JSON Schema checks of etiket's own files: rule files, term lists, vocabularies, configuration.

jsonschema is imported when something is first validated, not when etiket starts: a run that takes
its rules from the compiled cache and meets no configuration never needs it (about 35 ms of a start).
"""


def validator(schema):
    import jsonschema

    return jsonschema.Draft202012Validator(schema)


def best_match(problems):
    """The problem to report out of several, as jsonschema ranks them."""
    import jsonschema

    return jsonschema.exceptions.best_match(problems)
