/**
 * MISP's REST envelopes, built the way MISP's RestResponseComponent builds them (MISP
 * `app/Controller/Component/RestResponseComponent.php`): the save success and save failure
 * envelopes, and the `{name, message, url}` body of a thrown HTTP exception.
 */

/** Which MISP controller action a route answers for; names the envelopes (`Could not add Event`). */
export interface MispAction {
  /** MISP's controller name as its controller passes it (`Events`, `Attributes`, `Tags`). */
  controller: string
  /** The action (`add`, `edit`, `publish`). */
  action: string
  /** The model whose fields a validation error names when the body does not say (`Event`). */
  model: string
}

/** MISP's exception body: `{name, message, url}`, name and message equal. */
export interface MispErrorBody {
  name: string
  message: string
  url: string
  errors?: unknown
  saved?: false
  id?: string
}

/** MISP's save-success envelope. */
export interface MispSaveSuccessBody {
  saved: true
  success: true
  name: string
  message: string
  url: string
  id?: string
}

/** The body of a MISP HTTP exception (`NotFoundException('Invalid event')` → `{name, message, url}`). */
export function exceptionBody(message: string, url: string, errors?: unknown): MispErrorBody {
  return errors === undefined ? { name: message, message, url } : { name: message, message, url, errors }
}

/** `Events` → `Event`: the singular MISP puts into its envelope names. */
function singular(controller: string): string {
  if (controller.endsWith('ies')) return `${controller.slice(0, -3)}y`
  return controller.endsWith('s') ? controller.slice(0, -1) : controller
}

/** `/events/publish/12`: MISP's `__generateURL` (the controller lower-cased, plural). */
function actionUrl(action: MispAction, id?: string | number | false): string {
  const controller = action.controller.toLowerCase().endsWith('s')
    ? action.controller.toLowerCase()
    : `${action.controller.toLowerCase()}s`
  return `/${controller}/${action.action}${id ? `/${id}` : ''}`
}

/**
 * MISP's `saveSuccessResponse`: `{saved: true, success: true, name, message, url, id?}`, HTTP 200.
 * The default message is `<Model> <action>ed` (`Event published`).
 */
export function saveSuccess(action: MispAction, id: string | number | false, message?: string): MispSaveSuccessBody {
  const text = message ?? `${singular(action.controller)} ${action.action}${action.action.endsWith('e') ? 'd' : 'ed'}`
  const body: MispSaveSuccessBody = {
    saved: true,
    success: true,
    name: text,
    message: text,
    url: actionUrl(action, id),
  }
  if (id) body.id = String(id)
  return body
}

/**
 * MISP's `saveFailResponse`: `{saved: false, name: "Could not <action> <Model>", message, url, errors, id?}`,
 * which MISP answers with HTTP 403.
 */
export function saveFail(
  action: MispAction,
  id: string | number | false,
  errors: unknown,
  message?: string,
): MispErrorBody {
  const name = `Could not ${action.action} ${singular(action.controller)}`
  const body: MispErrorBody = { saved: false, name, message: message ?? name, url: actionUrl(action, id), errors }
  if (id) body.id = String(id)
  return body
}

/** An HTTP error a route raises with MISP's exact status and message (`MethodNotAllowedException` → 405). */
export class MispHttpError extends Error {
  readonly statusCode: number
  readonly body?: MispErrorBody

  constructor(statusCode: number, message: string, body?: MispErrorBody) {
    super(message)
    this.name = 'MispHttpError'
    this.statusCode = statusCode
    this.body = body
  }
}

/** The path of a request URL, without its query string: MISP's `url` field (`$this->request->here`). */
export function pathOf(url: string): string {
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}
