"""Options for the dependent address selects (regency > district > village).

Answer JSON lists for static/js/regions.js, so a page loads only the few dozen options it
needs instead of thousands of villages.
"""

from django.http import JsonResponse

from ..models import District, Village


def _parent(request) -> str:
    # No region code holds a NUL, and PostgreSQL refuses one in a query (a 500).
    parent = request.GET.get("parent", "")
    return "" if "\x00" in parent else parent


def district_options(request):
    districts = District.objects.filter(regency_id=_parent(request)).values_list("code", "name")
    return JsonResponse({"options": list(districts)})


def village_options(request):
    villages = Village.objects.filter(district_id=_parent(request)).values_list("code", "name")
    return JsonResponse({"options": list(villages)})
