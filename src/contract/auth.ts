import { Type, type Static } from 'typebox';
import { secret } from './common.js';
import { User } from './users.js';

export const Session = Type.Object({
  user: User,
  csrfToken: Type.String(),
  /** The header's badge with the page (/auth/me only): 待办数 + 未读消息数, one request fewer per page. */
  inboxCount: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type Session = Static<typeof Session>;

export const LoginInput = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256, ...secret }),
  },
  { additionalProperties: false },
);
export type LoginInput = Static<typeof LoginInput>;

export const ChangePasswordInput = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256, ...secret }),
    newPassword: Type.String({ minLength: 1, maxLength: 256, ...secret }),
  },
  { additionalProperties: false },
);
export type ChangePasswordInput = Static<typeof ChangePasswordInput>;

export const ChangePasswordResult = Type.Object({
  user: User,
  csrfToken: Type.Optional(Type.String({ description: '服务器在修改密码时轮换会话则返回新的 CSRF 令牌' })),
});
export type ChangePasswordResult = Static<typeof ChangePasswordResult>;
