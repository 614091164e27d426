/**
 * `platform:accountId`: the AWS account the stack deploys to. Every provider the program creates allows only this
 * account (`allowedAccountIds`), so credentials for another account make `pulumi preview`/`up` stop before anything
 * is read or changed there (ADR 0026). Required in every stack.
 */
import { Section } from "./section";
import { Scalar, isBlank } from "./stack";

export const ACCOUNT_ID_KEY = "platform:accountId";

/** An AWS account id: exactly 12 decimal digits (leading zeros included). */
const ACCOUNT_ID = /^\d{12}$/;

export const checkAccountId: Section<string, Scalar> = (value) => {
  if (isBlank(value)) {
    return {
      problems: [
        {
          path: ACCOUNT_ID_KEY,
          message:
            "missing; every stack names the AWS account it deploys to, and its providers refuse any other: run " +
            "`pulumi config set platform:accountId <12-digit id>` (`aws sts get-caller-identity --query Account`)",
        },
      ],
    };
  }
  if (!ACCOUNT_ID.test(value)) {
    const lostLeadingZero = /^\d{11}$/.test(value);
    return {
      problems: [
        {
          path: ACCOUNT_ID_KEY,
          message:
            `${JSON.stringify(value)} is not an AWS account id, which is exactly 12 digits` +
            (lostLeadingZero
              ? `; if it is 0${value}, quote it in Pulumi.<stack>.yaml: YAML reads an unquoted id as a number and drops the 0`
              : "; copy it from `aws sts get-caller-identity --query Account`"),
        },
      ],
    };
  }
  return { value, problems: [] };
};
