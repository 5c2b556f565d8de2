"""required-unquoted: `required`, reading only what the customer says in their own words. A
`when: customer` term inside quotation marks is a status, an error message or someone else's words
the customer reports ("statusnya 'diproses'", "kurir bilang 'alamat tidak ditemukan'", "it says
'request declined'"), not their own account of a failure, so it does not make the rule apply."""

import re

from etiket.checks.required import Required, named

# A quoted stretch: the opening mark not glued to a word before it and the closing one not glued to
# a word after it, so the apostrophes of "it's" and "driver's" open nothing.
_QUOTED = re.compile(r"(?<!\w)['\"“‘]([^'\"“”‘’\n]{1,80}?)['\"”’](?!\w)")


class RequiredUnquoted(Required):

    def applies(self, ctx):
        if self._customer_key and not self._own_words(ctx):
            return False
        return super().applies(ctx)

    def _problem(self, ctx):
        return named(self._own_words(ctx)) if self._customer_key else ""

    def _own_words(self, ctx):
        """The customer-message hits outside quotation marks."""
        hits = self.customer_triggers(ctx)
        if not hits:
            return []
        quoted = [m.span(1) for m in _QUOTED.finditer(hits[0].doc.text)]
        return [h for h in hits if not any(start <= h.start_char and h.end_char <= end for start, end in quoted)]
