"""The staff console (Cổng cán bộ, /can-bo): staff accounts and roles, TOTP logins,
registration approval, help to citizens with their accounts, registry corrections and
imports, the audit log. Staff never use the citizens' tables or cookies."""
