import { Type, type Static } from 'typebox';
import { roles } from '../domain/access.js';
import { displayNameMaxLength, usernamePattern } from '../domain/field-rules.js';
import { Id, Nullable, Pagination, secret, Text, Timestamp } from './common.js';

export const Role = Type.Enum([...roles], { description: '角色' });

/** An account, as the server returns it (never with secrets). */
export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  orgId: Nullable(Type.Integer()),
  orgName: Nullable(Type.String()),
  mustChangePassword: Type.Boolean(),
  disabled: Type.Boolean(),
  createdAt: Timestamp,
  lastLoginAt: Nullable(Timestamp),
});
export type User = Static<typeof User>;

export const Username = Type.String({
  pattern: usernamePattern,
  description: '3–32 位字母、数字、下划线、点或连字符',
});
export const DisplayName = Text(displayNameMaxLength);

export const ListUsersParams = Type.Object(
  {
    orgId: Type.Optional(Id),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    role: Type.Optional(Role),
    ...Pagination,
  },
  { additionalProperties: false },
);
export type ListUsersParams = Static<typeof ListUsersParams>;

export const CreateUserInput = Type.Object(
  {
    username: Username,
    displayName: DisplayName,
    role: Role,
    orgId: Nullable(Id),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 128, ...secret })),
  },
  { additionalProperties: false },
);
export type CreateUserInput = Static<typeof CreateUserInput>;

export const CreateUserResult = Type.Object({
  user: User,
  initialPassword: Type.Optional(Type.String({ description: '未给出密码时生成的初始密码，仅返回一次' })),
});
export type CreateUserResult = Static<typeof CreateUserResult>;

export const UpdateUserInput = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    role: Type.Optional(Role),
    orgId: Type.Optional(Nullable(Id)),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserInput = Static<typeof UpdateUserInput>;

export const ResetPasswordResult = Type.Object({ password: Type.String() });
export type ResetPasswordResult = Static<typeof ResetPasswordResult>;
