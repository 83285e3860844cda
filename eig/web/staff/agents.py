"""The programme team confirms who acts for an administration (security review F2).

Joining an administration never opens its proposals: the agency waits in the queue
until staff confirm or refuse it, each a POST calling one service of
eig.proposals.services. Per administration, staff keep the allow-list of institutional
email domains and the SIRET that confirm an agent at once (docs/deployment.md).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.challenges.models import Administration
from eig.core.errors import DomainError
from eig.core.mail_domains import email_domain, is_webmail
from eig.proposals import queries, services
from eig.proposals.models import Agent, AllowedEmailDomain

from .agent_forms import AdministrationPickForm, DomainForm, RefuseForm, SiretForm
from .permissions import staff_only

# The latest decisions shown under the queue; older ones stay in the activity log and the admin.
DECIDED_SHOWN = 100


def _row(agent: Agent) -> dict:
    domain = email_domain(agent.user.email)
    return {"agent": agent, "domain": domain, "webmail": is_webmail(domain)}


def _queue_context():
    return {
        "title": _("Agents à confirmer"),
        "pending": [_row(agent) for agent in queries.pending_agents()],
        "decided": [_row(agent) for agent in queries.decided_agents()[:DECIDED_SHOWN]],
        "decided_shown": DECIDED_SHOWN,
        "parent_url": reverse("staff:call_list"),
        "parent_label": _("Appels : suivi des dossiers"),
    }


@staff_only
@require_safe
def agent_queue(request):
    pick = AdministrationPickForm(request.GET or None)
    if pick.is_bound and pick.is_valid():
        return redirect("staff:agent_rules", slug=pick.cleaned_data["administration"].slug)
    return render(request, "staff/agents/queue.html", {**_queue_context(), "pick": pick, "refuse_form": RefuseForm()})


def _agent(pk) -> Agent:
    return get_object_or_404(Agent.objects.select_related("user", "administration"), pk=pk)


@staff_only
@require_POST
def agent_confirm(request, agent):
    agent = _agent(agent)
    try:
        services.confirm_agent(agent, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(person)s agit désormais pour %(administration)s ; la personne est prévenue par courriel.")
            % {"person": agent.user.email, "administration": agent.administration.name},
        )
    return redirect("staff:agent_queue")


@staff_only
@require_POST
def agent_refuse(request, agent):
    agent = _agent(agent)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Motif refusé : %(errors)s") % {"errors": " ".join(form.errors.get("reason", []))})
        return redirect("staff:agent_queue")
    try:
        services.refuse_agent(agent, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Demande de %(person)s pour %(administration)s refusée ; la personne est prévenue par courriel.")
            % {"person": agent.user.email, "administration": agent.administration.name},
        )
    return redirect("staff:agent_queue")


def _administration(slug) -> Administration:
    return get_object_or_404(Administration, slug=slug)


def _render_rules(request, administration, *, domain_form=None, siret_form=None, status=200):
    return render(
        request,
        "staff/agents/rules.html",
        {
            "title": _("Confirmation des agents — %(administration)s") % {"administration": administration.name},
            "administration": administration,
            "domains": list(queries.allowed_domains_of(administration)),
            "agents": [_row(agent) for agent in queries.agents_of(administration)],
            "domain_form": domain_form or DomainForm(),
            "siret_form": siret_form or SiretForm(initial={"siret": administration.siret}),
            "parent_url": reverse("staff:agent_queue"),
            "parent_label": _("Agents à confirmer"),
        },
        status=status,
    )


@staff_only
@require_safe
def agent_rules(request, slug):
    return _render_rules(request, _administration(slug))


@staff_only
@require_POST
def agent_domain_add(request, slug):
    administration = _administration(slug)
    form = DomainForm(request.POST)
    if not form.is_valid():
        return _render_rules(request, administration, domain_form=form, status=400)
    try:
        allowed = services.allow_email_domain(administration, form.cleaned_data["domain"], by=request.user)
    except DomainError as error:
        form.add_error("domain", str(error))
        return _render_rules(request, administration, domain_form=form, status=409)
    messages.success(
        request,
        _("Les adresses @%(domain)s qui rejoindront %(administration)s seront confirmées sans attendre.")
        % {"domain": allowed.domain, "administration": administration.name},
    )
    return redirect("staff:agent_rules", slug=administration.slug)


@staff_only
@require_POST
def agent_domain_remove(request, slug, domain):
    administration = _administration(slug)
    allowed = get_object_or_404(AllowedEmailDomain, pk=domain, administration=administration)
    try:
        services.remove_email_domain(allowed, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Le domaine %(domain)s est retiré de la liste : les agents déjà confirmés le restent.")
            % {"domain": allowed.domain},
        )
    return redirect("staff:agent_rules", slug=administration.slug)


@staff_only
@require_POST
def agent_siret(request, slug):
    administration = _administration(slug)
    form = SiretForm(request.POST)
    if not form.is_valid():
        return _render_rules(request, administration, siret_form=form, status=400)
    try:
        services.set_administration_siret(administration, form.cleaned_data["siret"], by=request.user)
    except DomainError as error:
        form.add_error("siret", str(error))
        return _render_rules(request, administration, siret_form=form, status=409)
    messages.success(request, _("SIRET enregistré."))
    return redirect("staff:agent_rules", slug=administration.slug)
