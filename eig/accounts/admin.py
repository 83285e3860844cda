from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import privileges_of, record_privilege_change

# What an account may do: nobody changes these on their own account, and only a
# superuser changes them on anyone's (security review F5: staff could give
# themselves the approver role and approve their own proposal).
PRIVILEGE_FIELDS = ["roles", "is_staff", "is_superuser", "groups", "user_permissions"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name"]}),
        (_("Rôles"), {"fields": ["roles", "is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        own_account = obj is not None and obj.pk == request.user.pk
        if own_account or not request.user.is_superuser:
            readonly += [field for field in PRIVILEGE_FIELDS if field not in readonly]
        return readonly

    def has_change_permission(self, request, obj=None):
        # A superuser's address or password changed by someone less would hand over the account.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The form has already written its values on obj: the stored row is the "before".
        stored = User.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        if stored is not None:
            record_privilege_change(obj, privileges_of(stored), by=request.user)
