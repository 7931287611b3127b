"""The plain-language reason given with each advised model, in English or Dutch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from avsi.advise.rules import hardware_rules

if TYPE_CHECKING:
    from avsi.advise.constraints import Constraints
    from avsi.advise.engine import Verdict

LANGS = ("en", "nl")

PHRASES: dict[str, dict[str, str]] = {
    "left_out": {"en": "Left out: {items}.", "nl": "Valt af: {items}."},
    "weights": {"en": "its weights are not published, so it cannot run on hardware you control",
                "nl": "de gewichten zijn niet gepubliceerd, dus het kan niet draaien op hardware die u beheert"},
    "size": {"en": "its size is unknown, so avsi cannot tell what hardware it needs",
             "nl": "de omvang is onbekend, dus avsi kan niet zeggen welke hardware het nodig heeft"},
    "hardware": {"en": "it needs {need} GiB even at {bits} bit and you have {have} GiB",
                 "nl": "het heeft zelfs op {bits} bit {need} GiB nodig en u heeft {have} GiB"},
    "api": {"en": "no provider's API price is known for it", "nl": "van geen enkele aanbieder is een API-prijs bekend"},
    "licence_unknown": {"en": "its licence is not in the knowledge base, so {needs} cannot be checked",
                        "nl": "de licentie staat niet in de kennisbank, dus {needs} is niet te controleren"},
    "clause_fails": {"en": "its licence ({licence}) fails '{need}' ({flag}: {clause})",
                     "nl": "de licentie ({licence}) voldoet niet aan '{need}' ({flag}: {clause})"},
    "clause_open": {"en": "its licence ({licence}) leaves '{need}' open ({flag}: {clause})",
                    "nl": "de licentie ({licence}) laat '{need}' open ({flag}: {clause})"},
    "capability_low": {"en": "its capability percentile {cap} is below your minimum of {min}",
                       "nl": "het capaciteitspercentiel {cap} ligt onder uw minimum van {min}"},
    "capability_none": {"en": "it has no capability measurement (ECI or LMArena)",
                        "nl": "er is geen capaciteitsmeting (ECI of LMArena)"},
    "origin": {"en": "it comes from {bloc}, not from {origins}", "nl": "het komt uit {bloc}, niet uit {origins}"},
    "fits": {"en": "Fits your {have} GiB at {bits} bit (needs {need} GiB)",
             "nl": "Past in uw {have} GiB op {bits} bit (heeft {need} GiB nodig)"},
    "runs_on": {"en": "Runs on {count}x {gpu} at {bits} bit (needs {need} GiB)",
                "nl": "Draait op {count}x {gpu} op {bits} bit (heeft {need} GiB nodig)"},
    "api_only": {"en": "Used through an API", "nl": "Gebruikt via een API"},
    "self_cost": {"en": "about ${cost} a month to run yourself", "nl": "ongeveer ${cost} per maand om zelf te draaien"},
    "api_cost": {"en": "${cost} a month through the cheapest API ({provider})",
                 "nl": "${cost} per maand via de goedkoopste API ({provider})"},
    "no_api": {"en": "no API price known", "nl": "geen API-prijs bekend"},
    "licence_ok": {"en": "licence {licence} meets every need you named",
                   "nl": "licentie {licence} voldoet aan alle eisen die u noemde"},
    "licence_is": {"en": "licence {licence}", "nl": "licentie {licence}"},
    "licence_none": {"en": "licence unknown", "nl": "licentie onbekend"},
    "capability": {"en": "capability percentile {cap}", "nl": "capaciteitspercentiel {cap}"},
    "no_capability": {"en": "capability not measured", "nl": "capaciteit niet gemeten"},
    "from": {"en": "from {org} ({bloc})", "nl": "van {org} ({bloc})"},
    "sector_yes": {"en": "tied to {sector} by its names, tags or {n} derivatives",
                   "nl": "verbonden met {sector} via namen, tags of {n} afgeleide modellen"},
    "sector_no": {"en": "nothing in the data ties it to {sector}", "nl": "niets in de data verbindt het met {sector}"},
    "lang_yes": {"en": "its model card lists {langs}", "nl": "de modelkaart noemt {langs}"},
    "lang_no": {"en": "its model card does not list {langs}", "nl": "de modelkaart noemt {langs} niet"},
    "lang_none": {"en": "no language list on its model card", "nl": "geen talenlijst op de modelkaart"},
}  # fmt: skip


def _p(key: str, lang: str, **values: Any) -> str:
    return PHRASES[key][lang if lang in LANGS else "en"].format(**values)


def _num(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}".removesuffix(".0")


def _money(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:,.2f}"


def _excluded(v: Verdict, c: Constraints, lang: str) -> str:
    m, items = v.facts, []
    for code in v.excluded_by:
        if code == "hardware":
            bits = int(c.bits or 4)
            items.append(
                _p("hardware", lang, need=_num(m.memory_gib.get(bits)), bits=bits, have=_num(c.available_memory_gib()))
            )
        elif code == "licence":
            if m.licence_id is None or all(f["flag"] is None for f in v.failing):
                items.append(_p("licence_unknown", lang, needs=", ".join(f["need"] for f in v.failing)))
            for f in v.failing:
                if f["flag"] is not None:
                    key = "clause_open" if f["value"] is None else "clause_fails"
                    items.append(_p(key, lang, licence=m.licence_id, need=f["need"], flag=f["flag"],
                                    clause=f["clause"]))  # fmt: skip
        elif code == "capability":
            if m.capability is None:
                items.append(_p("capability_none", lang))
            else:
                items.append(_p("capability_low", lang, cap=m.capability, min=c.min_capability))
        elif code == "origin":
            items.append(_p("origin", lang, bloc=m.bloc, origins=", ".join(c.origins)))
        else:
            items.append(_p(code, lang))
    return _p("left_out", lang, items="; ".join(items))


def reason(v: Verdict, c: Constraints, lang: str = "en") -> str:
    """Why the model is ranked where it is, or why it is left out, in one or two sentences."""
    if v.excluded_by:
        return _excluded(v, c, lang)
    m, plan, parts = v.facts, v.plan, []
    if c.self_hosted and plan.bits is not None:
        need = m.memory_gib.get(plan.bits)
        have = c.available_memory_gib()
        if have is not None:
            parts.append(_p("fits", lang, have=_num(have), bits=plan.bits, need=_num(need)))
        elif plan.gpu is not None:
            gpu = hardware_rules().gpus[plan.gpu].name
            parts.append(_p("runs_on", lang, count=plan.count, gpu=gpu, bits=plan.bits, need=_num(need)))
    else:
        parts.append(_p("api_only", lang))
    if plan.cost is not None:
        parts.append(_p("self_cost", lang, cost=_money(plan.cost)))
    if v.api is not None and v.api_cost is not None:
        parts.append(_p("api_cost", lang, cost=_money(v.api_cost), provider=v.api.provider))
    else:
        parts.append(_p("no_api", lang))
    first = "; ".join(parts) + "."
    details = []
    if m.licence_id is None:
        details.append(_p("licence_none", lang))
    else:
        details.append(_p("licence_ok" if c.licence_needs else "licence_is", lang, licence=m.licence_id))
    details.append(_p("capability", lang, cap=m.capability) if m.capability is not None else _p("no_capability", lang))
    details.append(_p("from", lang, org=m.organization or "?", bloc=m.bloc or "?"))
    if c.sector is not None:
        n = m.sector_derivatives.get(c.sector, 0)
        details.append(_p("sector_yes", lang, sector=c.sector, n=n) if v.sector_fit else
                       _p("sector_no", lang, sector=c.sector))  # fmt: skip
    if c.languages:
        langs = ", ".join(c.languages)
        key = {True: "lang_yes", False: "lang_no", None: "lang_none"}[v.languages_fit]
        details.append(_p(key, lang, langs=langs))
    second = "; ".join(details)
    return f"{first} {second[0].upper()}{second[1:]}."
