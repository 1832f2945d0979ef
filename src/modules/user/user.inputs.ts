import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Role } from '../../common/enums';
import { User } from './user.entity';

@InputType()
export class LoginInput {
  @Field(() => String)
  username!: string;

  @Field(() => String)
  password!: string;
}

@ObjectType()
export class LoginResult {
  @Field(() => String, { description: 'Send as "Authorization: Bearer <token>"' })
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => User)
  user!: User;
}

@InputType()
export class CreateUserInput {
  @Field(() => String, { description: '3–64 letters, digits, ".", "_" or "-"' })
  username!: string;

  @Field(() => String, { description: '8–200 characters' })
  password!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => ID, {
    nullable: true,
    description: 'Township (organizer), city or county (organization department), the city (admin: when left out, the only city, or none while there are no regions)',
  })
  regionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The department (publisher)' })
  departmentId?: string | null;
}

@InputType()
export class ChangePasswordInput {
  @Field(() => String, { description: 'The password you signed in with' })
  currentPassword!: string;

  @Field(() => String, { description: '8–200 characters, not the current one' })
  newPassword!: string;
}

@InputType()
export class ResetPasswordInput {
  @Field(() => ID)
  userId!: string;

  @Field(() => String, { description: '8–200 characters; tell the user, who may change it with changePassword' })
  newPassword!: string;
}
