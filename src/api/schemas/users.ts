/**
 * `/admin/users/*` bodies (UsersController admin_add / admin_edit): `{User: {...}}` or the bare
 * fields. Types are checked here; required fields, e-mail form, uniqueness, role and organisation
 * are the platform's (MISP's `Could not add User` with `errors.User.<field>`). Unknown keys pass
 * through, as MISP ignores what it does not save.
 */
import { Type } from '@fastify/type-provider-typebox'
import { LooseFlag, LooseId, recordEnvelope } from './common.ts'

const USER_FIELDS = {
  email: Type.Optional(Type.String()),
  org_id: Type.Optional(LooseId),
  role_id: Type.Optional(LooseId),
  password: Type.Optional(Type.String()),
  authkey: Type.Optional(Type.String()),
  nids_sid: Type.Optional(LooseId),
  gpgkey: Type.Optional(Type.String()),
  certif_public: Type.Optional(Type.String()),
  external_auth_key: Type.Optional(Type.String()),
  autoalert: Type.Optional(LooseFlag),
  contactalert: Type.Optional(LooseFlag),
  disabled: Type.Optional(LooseFlag),
  change_pw: Type.Optional(LooseFlag),
  termsaccepted: Type.Optional(LooseFlag),
  external_auth_required: Type.Optional(LooseFlag),
  notification_daily: Type.Optional(LooseFlag),
  notification_weekly: Type.Optional(LooseFlag),
  notification_monthly: Type.Optional(LooseFlag),
  notify: Type.Optional(LooseFlag),
}

/** `POST /admin/users/add` and `/admin/users/edit/:id`. */
export const UserBody = Type.Object({ ...USER_FIELDS, User: Type.Optional(Type.Object(USER_FIELDS)) })

/** A user as the API answers it (`{User: {...}}`). */
export const UserEnvelope = recordEnvelope('User')
