import { Type, type Static } from '@fastify/type-provider-typebox';
import { roles } from '../../../domain/access.js';
import { displayNameMaxLength, usernamePattern } from '../../../domain/field-rules.js';
import { Id, secret, Timestamp } from '../../http/schemas.js';

export const RoleSchema = Type.Enum([...roles], { description: '角色' });

export const UserDto = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  orgId: Type.Union([Type.Integer(), Type.Null()]),
  orgName: Type.Union([Type.String(), Type.Null()]),
  mustChangePassword: Type.Boolean(),
  disabled: Type.Boolean(),
  createdAt: Timestamp,
  lastLoginAt: Type.Union([Timestamp, Type.Null()]),
});
export type UserDto = Static<typeof UserDto>;

export const Username = Type.String({
  pattern: usernamePattern,
  description: '3–32 位字母、数字、下划线、点或连字符',
});
export const DisplayName = Type.String({ minLength: 1, maxLength: displayNameMaxLength, pattern: '\\S' });

export const CreateUserBody = Type.Object(
  {
    username: Username,
    displayName: DisplayName,
    role: RoleSchema,
    orgId: Type.Union([Id, Type.Null()]),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 128, ...secret })),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    role: Type.Optional(RoleSchema),
    orgId: Type.Optional(Type.Union([Id, Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;
