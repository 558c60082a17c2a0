"""Page lists whose rows join several tables: ids first, then the rows.

A deep page (OFFSET 20,000 in a facility's inbox) through the full query makes
PostgreSQL join every skipped row to the person, commune and service tables,
and it rightly switches to reading them whole. Taking the page's ids from the
list's own index first (no joins), then the rows for those ids, keeps every
page as cheap as the first: one more query, whatever the depth.
"""

from __future__ import annotations

from django.core.paginator import Paginator


class IdsFirstPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        by_id = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)
