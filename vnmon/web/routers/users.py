"""User administration (admins only): list, add, change role, remove."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from vnmon.auth.roles import Role
from vnmon.auth.store import UnknownUserError, UserError, same_user
from vnmon.web.context import web_context
from vnmon.web.pages import render
from vnmon.web.security import MayManageUsers, require_person

router = APIRouter(tags=["users"])


@router.get("/api/users")
def api_users(request: Request, _: MayManageUsers) -> list[dict[str, Any]]:
    """Every user with role and API key ids (never hashes)."""
    return [
        {
            "username": u.username,
            "role": u.role.value,
            "created_at": u.created_at,
            "api_keys": [{"id": k.id, "name": k.name, "created_at": k.created_at} for k in u.api_keys],
        }
        for u in web_context(request).users.list_users()
    ]


@router.get("/admin/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request, _: MayManageUsers) -> HTMLResponse:
    return _page(request)


@router.post("/admin/users", response_class=HTMLResponse, include_in_schema=False)
def add_user(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1000)],
    role: Annotated[Role, Form()],
    principal: MayManageUsers,
) -> Response:
    require_person(principal, "adding a user")
    try:
        web_context(request).users.add(username, password, role)
    except UserError as exc:
        return _page(request, error=str(exc), status_code=400)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}/role", include_in_schema=False)
def change_role(
    request: Request,
    username: str,
    role: Annotated[Role, Form()],
    principal: MayManageUsers,
) -> Response:
    require_person(principal, "changing a role")
    users = web_context(request).users
    if same_user(username, principal.username) and role is not Role.ADMIN:
        return _page(request, error="an admin cannot remove their own admin role", status_code=400)
    try:
        users.set_role(username, role)
    except UnknownUserError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except UserError as exc:
        return _page(request, error=str(exc), status_code=400)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}/delete", include_in_schema=False)
def remove_user(request: Request, username: str, principal: MayManageUsers) -> Response:
    require_person(principal, "removing a user")
    if same_user(username, principal.username):
        return _page(request, error="an admin cannot remove their own account", status_code=400)
    try:
        web_context(request).users.remove(username)
    except UnknownUserError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except UserError as exc:
        return _page(request, error=str(exc), status_code=400)
    return RedirectResponse("/admin/users", status_code=303)


def _page(request: Request, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    users = web_context(request).users.list_users()
    return render(request, "users.html", status_code=status_code, users=users, roles=list(Role), error=error)
