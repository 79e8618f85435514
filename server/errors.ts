import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The closed vocabulary of error codes. Each code has its HTTP status and a default
 * sentence in English and Chinese; the sentence a client sees follows Accept-Language.
 */
export const ERRORS = {
  VALIDATION: { status: 400, en: 'The request is not valid.', zh: '请求内容不正确。' },
  WATCHED_WORD: { status: 400, en: 'This text contains wording that is not allowed here. Please change it and try again.', zh: '内容含有不允许发布的词语，请修改后重试。' },
  UNSUPPORTED_MEDIA: { status: 400, en: 'This file is not a JPEG, PNG or WebP photo.', zh: '该文件不是 JPEG、PNG 或 WebP 格式的图片。' },
  MALFORMED_JSON: { status: 400, en: 'The request body is not valid JSON.', zh: '请求内容不是有效的 JSON。' },
  BAD_CURSOR: { status: 400, en: 'The cursor is not one this server issued.', zh: '分页游标无效。' },
  UNAUTHENTICATED: { status: 401, en: 'Please sign in first.', zh: '请先登录。' },
  BAD_CREDENTIALS: { status: 401, en: 'The username or password is wrong.', zh: '用户名或密码不正确。' },
  BAD_TOKEN: { status: 401, en: 'The API token is not valid or was revoked.', zh: 'API 令牌无效或已被撤销。' },
  CSRF: { status: 403, en: 'The security token (x-csrf-token) is missing or wrong. Reload the page and try again.', zh: '安全令牌缺失或无效，请刷新页面后重试。' },
  FORBIDDEN: { status: 403, en: 'You are not allowed to do this.', zh: '您没有权限执行此操作。' },
  SILENCED: { status: 403, en: 'You are silenced and cannot post for now.', zh: '您已被禁言，暂时不能发言。' },
  SUSPENDED: { status: 403, en: 'This account is suspended.', zh: '该账号已被封禁。' },
  NOT_FOUND: { status: 404, en: 'Not found.', zh: '未找到。' },
  ROUTE_NOT_FOUND: { status: 404, en: 'There is no such API endpoint.', zh: '没有这个 API 接口。' },
  METHOD_NOT_ALLOWED: { status: 405, en: 'This method is not allowed here.', zh: '不支持此请求方法。' },
  CONFLICT: { status: 409, en: 'This conflicts with existing data.', zh: '与已有数据冲突。' },
  ALREADY_FLAGGED: { status: 409, en: 'You have already flagged this post; withdraw that flag to flag it again.', zh: '您已举报过这个帖子；撤回原举报后才能再次举报。' },
  ALREADY_RESOLVED: { status: 409, en: 'This queue item has already been resolved.', zh: '该审核事项已处理。' },
  ALREADY_CLAIMED: { status: 409, en: 'Another moderator has claimed this queue item.', zh: '另一位版主已认领该审核事项。' },
  ALREADY_APPEALED: { status: 409, en: 'You have already appealed this decision.', zh: '您已对这项处理提出过申诉。' },
  ALREADY_FEATURED: { status: 409, en: 'This post is already featured in that collection; edit its citation instead.', zh: '该帖子已入选这个栏目，可以修改推荐理由。' },
  NOT_FEATURABLE: { status: 409, en: 'Only a published, visible post can be featured.', zh: '只有已发布且未被隐藏的帖子才能入选。' },
  SLUG_TAKEN: { status: 409, en: 'Another column already uses this slug; choose another.', zh: '该专栏地址已被使用，请换一个。' },
  EDITION_NUMBER_TAKEN: { status: 409, en: 'This column already has an edition with this number.', zh: '该专栏已有这一期的期号。' },
  EDITION_STATE: { status: 409, en: 'The edition is not in a state that allows this.', zh: '这一期的状态不允许此操作。' },
  EDITION_EMPTY: { status: 409, en: 'An edition needs at least one item before it is published.', zh: '这一期还没有稿件，不能发布。' },
  EDITION_FULL: { status: 409, en: 'This edition holds as many items as an edition may.', zh: '这一期的稿件已达上限。' },
  POST_NOT_USABLE: { status: 409, en: 'Only a published, visible post can be used in an edition.', zh: '只有已发布且未被隐藏的帖子才能编入专栏。' },
  ALREADY_IN_EDITION: { status: 409, en: 'This post is already in this edition.', zh: '该帖子已在这一期中。' },
  ALREADY_EDITOR: { status: 409, en: 'This user is already an editor of this column.', zh: '该用户已是这个专栏的编辑。' },
  LAST_EDITOR: { status: 409, en: 'A column keeps at least one editor.', zh: '专栏至少要保留一位编辑。' },
  ALREADY_NOMINATED: { status: 409, en: 'You have already nominated this work in this round.', zh: '您已在本轮提名过该作品。' },
  NOT_A_CANDIDATE: { status: 409, en: 'This post is not a candidate in this nomination round.', zh: '该帖子不是本轮候选作品。' },
  ROUND_CLOSED: { status: 409, en: 'This nomination round is closed.', zh: '该评选轮次已结束。' },
  USERNAME_TAKEN: { status: 409, en: 'This username is already taken.', zh: '该用户名已被使用。' },
  REQUEST_TIMEOUT: { status: 408, en: 'The request took too long to arrive. Please try again.', zh: '请求发送超时，请重试。' },
  PAYLOAD_TOO_LARGE: { status: 413, en: 'The request is too large.', zh: '请求内容过大。' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, en: 'Send the body as application/json.', zh: '请以 application/json 格式发送。' },
  TOPIC_LOCKED: { status: 423, en: 'This topic is locked.', zh: '该主题已锁定。' },
  RATE_LIMITED: { status: 429, en: 'Too many attempts. Please wait a while and try again.', zh: '尝试次数过多，请稍后再试。' },
  HEADERS_TOO_LARGE: { status: 431, en: 'The request headers are too large.', zh: '请求头过大。' },
  INTERNAL: { status: 500, en: 'Something went wrong on our side. Please try again.', zh: '服务器出错了，请稍后重试。' },
  UNAVAILABLE: { status: 503, en: 'The service is temporarily unavailable.', zh: '服务暂时不可用。' },
} as const satisfies Record<string, { status: number; en: string; zh: string }>;

/** One of the error codes of ERRORS. */
export type ErrorCode = keyof typeof ERRORS;

/** The error body of every failed request, as API.md specifies. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  error: string;
  message: string;
  /** For validation errors, the field at fault (dotted path), when one can be named. */
  field?: string;
}

/** A bilingual sentence; `en` is used when the client does not prefer Chinese. */
export interface Sentence {
  en: string;
  zh: string;
}

/** An expected failure with a code from ERRORS; thrown by services and routes. */
export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    readonly sentence?: Sentence,
    readonly field?: string,
    /** For a 429: the seconds to wait, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(sentence?.en ?? ERRORS[code].en);
    this.name = 'AppError';
    this.statusCode = ERRORS[code].status;
  }
}

/** Shorthands for the most common failures. */
export const fail = {
  validation: (field: string, en: string, zh: string) => new AppError('VALIDATION', { en, zh }, field),
  notFound: (en = 'Not found.', zh = '未找到。') => new AppError('NOT_FOUND', { en, zh }),
  forbidden: (en?: string, zh?: string) =>
    new AppError('FORBIDDEN', en && zh ? { en, zh } : undefined),
  unauthenticated: () => new AppError('UNAUTHENTICATED'),
};

const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 408: 'Request Timeout', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 423: 'Locked', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** Does the request prefer Chinese? The interface is Chinese-first, English otherwise. */
export function prefersChinese(request: FastifyRequest): boolean {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string' || header === '') return false;
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('zh');
}

/** Builds the API.md error body for a code and sentence in the request's language. */
export function errorBody(
  request: FastifyRequest,
  code: ErrorCode,
  sentence?: Sentence,
  field?: string,
): ErrorBody {
  const status = ERRORS[code].status;
  const text = sentence ?? ERRORS[code];
  return {
    statusCode: status,
    code,
    error: REASONS[status] ?? 'Error',
    message: prefersChinese(request) ? text.zh : text.en,
    ...(field ? { field } : {}),
  };
}

const FIELD_NAMES_ZH: Record<string, string> = {
  username: '用户名', password: '密码', displayName: '显示名称', unitId: '单位', name: '名称',
  level: '级别', parentId: '上级单位', roles: '角色', title: '标题', body: '正文', slug: '标识',
  limit: '数量', cursor: '游标', id: '编号', description: '描述', kind: '类型',
  currentPassword: '当前密码', newPassword: '新密码', q: '搜索内容', activity: '活动', date: '日期',
  from: '开始日期', to: '结束日期', visitedOn: '走访日期', plannedFor: '计划日期', dueOn: '完成期限',
  placeId: '地点', participantIds: '参与人员', purpose: '目的', problems: '热点难点问题', help: '帮助解决',
  exemplars: '发现典型', opinions: '意见建议', text: '内容', note: '备注', address: '地址', category: '类别',
  explanation: '说明', visitId: '走访记录', citation: '推荐理由', personName: '人物或事迹名称', collection: '栏目', postId: '帖子', phase: '阶段', ids: '编号', reason: '原因', until: '截止时间', action: '操作',
  boardSlug: '版块', word: '词语', replacement: '替换词', csv: 'CSV 内容', lockReason: '锁定原因', silenceUntil: '禁言截止时间',
  periodStart: '开始日期', periodEnd: '截止日期', nominationId: '提名',
};

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns the first Ajv validation failure into a field name and a bilingual sentence. */
export function describeValidation(
  issues: AjvIssue[],
  context: string | undefined,
): { field?: string; sentence: Sentence } {
  const issue = issues[0];
  if (!issue) return { sentence: ERRORS.VALIDATION };
  let field = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string') {
    field = field ? `${field}.${issue.params.missingProperty}` : issue.params.missingProperty;
  }
  const where = context && context !== 'body' ? ` (${context})` : '';
  const label = field || context || 'request';
  const labelZh = FIELD_NAMES_ZH[field.split('.').pop() ?? ''] ?? label;
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return { field, sentence: { en: `${label} is required${where}.`, zh: `缺少${labelZh}。` } };
    case 'minLength':
      return { field, sentence: { en: `${label} must be at least ${String(p.limit)} characters.`, zh: `${labelZh}至少需要 ${String(p.limit)} 个字符。` } };
    case 'maxLength':
      return { field, sentence: { en: `${label} must be at most ${String(p.limit)} characters.`, zh: `${labelZh}最多 ${String(p.limit)} 个字符。` } };
    case 'pattern':
      return { field, sentence: { en: `${label} has characters or a form that is not allowed.`, zh: `${labelZh}的格式不正确。` } };
    case 'type':
      return { field, sentence: { en: `${label} must be ${article(String(p.type))}.`, zh: `${labelZh}的类型不正确（应为 ${String(p.type)}）。` } };
    case 'enum':
    case 'anyOf':
    case 'const': {
      const allowed = Array.isArray(p.allowedValues) ? ` (${p.allowedValues.join(', ')})` : '';
      return { field, sentence: { en: `${label} is not one of the allowed values${allowed}.`, zh: `${labelZh}不是允许的值${allowed}。` } };
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return { field, sentence: { en: `${label} must be at least ${String(p.limit)}.`, zh: `${labelZh}不能小于 ${String(p.limit)}。` } };
    case 'maximum':
    case 'exclusiveMaximum':
      return { field, sentence: { en: `${label} must be at most ${String(p.limit)}.`, zh: `${labelZh}不能大于 ${String(p.limit)}。` } };
    case 'minItems':
      return { field, sentence: { en: `${label} needs at least ${String(p.limit)} item(s).`, zh: `${labelZh}至少需要 ${String(p.limit)} 项。` } };
    case 'maxItems':
      return { field, sentence: { en: `${label} may have at most ${String(p.limit)} items.`, zh: `${labelZh}最多 ${String(p.limit)} 项。` } };
    case 'uniqueItems':
      return { field, sentence: { en: `${label} must not repeat items.`, zh: `${labelZh}不能有重复项。` } };
    case 'format':
      if (p.format === 'date') {
        return { field, sentence: { en: `${label} must be a real date (YYYY-MM-DD) between 1900 and 2200.`, zh: `${labelZh}须为 1900 至 2200 年之间的有效日期（YYYY-MM-DD）。` } };
      }
      return { field, sentence: { en: `${label} must be a valid ${String(p.format)}.`, zh: `${labelZh}格式不正确。` } };
    case 'controlCharacter':
      return { field, sentence: { en: `${label} contains a control character (such as NUL), which text may not hold.`, zh: `${labelZh}包含不允许的控制字符（如 NUL）。` } };
    case 'loneSurrogate':
      return { field, sentence: { en: `${label} contains broken Unicode (a lone surrogate).`, zh: `${labelZh}包含无效的 Unicode 字符（孤立的代理项）。` } };
    case 'finiteNumber':
      return { field, sentence: { en: `${label} must be a finite number.`, zh: `${labelZh}必须是有限的数值。` } };
    case 'additionalProperties':
      return { field, sentence: { en: `${label} has an unknown property "${String(p.additionalProperty)}".`, zh: `${labelZh}包含未知字段“${String(p.additionalProperty)}”。` } };
    default:
      return { field, sentence: { en: `${label} ${issue.message ?? 'is not valid'}.`, zh: `${labelZh}不正确。` } };
  }
}

function article(type: string): string {
  const t = type.split(',')[0] ?? type;
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

/**
 * Installs the one error handler and the not-found handler, so every failure answers with
 * the API.md shape and no 5xx reveals internals.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.retryAfterSeconds));
      return reply.status(err.statusCode).send(errorBody(request, err.code, err.sentence, err.field));
    }
    if (err.validation) {
      const { field, sentence } = describeValidation(err.validation as AjvIssue[], err.validationContext);
      return reply.status(400).send(errorBody(request, 'VALIDATION', sentence, field));
    }
    const status = err.statusCode ?? 500;
    if (status === 429) return reply.status(429).send(errorBody(request, 'RATE_LIMITED'));
    if (status >= 400 && status < 500) {
      const code = clientErrorCode(err, status);
      // Fastify's own 4xx (bad JSON, too large, wrong content type) carry safe sentences.
      const sentence = code === 'VALIDATION'
        ? { en: err.message, zh: ERRORS.VALIDATION.zh }
        : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? {
            en: 'The body is empty but Content-Type says application/json: send a JSON body, or no Content-Type.',
            zh: '请求声明了 application/json，但内容为空：请发送 JSON 内容，或不要设置 Content-Type。',
          }
          : undefined;
      return reply.status(ERRORS[code].status).send(errorBody(request, code, sentence));
    }
    request.log.error({ err }, 'request failed');
    const code: ErrorCode = status === 503 ? 'UNAVAILABLE' : 'INTERNAL';
    return reply.status(ERRORS[code].status).send(errorBody(request, code));
  });
}

function clientErrorCode(err: FastifyError, status: number): ErrorCode {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'MALFORMED_JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'PAYLOAD_TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION';
    default:
      if (status === 401) return 'UNAUTHENTICATED';
      if (status === 403) return 'FORBIDDEN';
      if (status === 404) return 'NOT_FOUND';
      if (status === 405) return 'METHOD_NOT_ALLOWED';
      if (status === 409) return 'CONFLICT';
      if (status === 413) return 'PAYLOAD_TOO_LARGE';
      if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
      return 'VALIDATION';
  }
}

/**
 * Fastify's answers before a route is found (Fastify's `frameworkErrors`), in the API.md
 * shape: a malformed escape in the path, or a path part longer than the router takes.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const sentence = err.code === 'FST_ERR_MAX_PARAM_LENGTH'
    ? { en: 'A part of the address is too long.', zh: '地址中的某一段过长。' }
    : { en: 'The address has a malformed escape (%…).', zh: '地址中含有无效的转义字符（%…）。' };
  void reply.status(400).send(errorBody(request, 'VALIDATION', sentence));
}

/**
 * The HTTP server's answer to a client that breaks HTTP itself (Fastify's
 * `clientErrorHandler`): too slow to send its request (408), headers too large (431), or
 * not HTTP (400), in the API.md shape, then the connection closes. No request was parsed,
 * so no language is known: the sentence is English.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode = err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
    ? 'REQUEST_TIMEOUT'
    : err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'VALIDATION';
  const status = ERRORS[code].status;
  const reason = REASONS[status] ?? 'Error';
  const message = code === 'VALIDATION' ? 'The request is not valid HTTP.' : ERRORS[code].en;
  const body = JSON.stringify({ statusCode: status, code, error: reason, message } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
