/**
 * lib/segment speaks English in its validation messages and edit refusals (the API returns the
 * same words). In Japanese, the panel shows them through this table of the messages' shapes;
 * a message not in it is shown as it is, in English, rather than hidden.
 */
import { language, t } from '@/lib/i18n';

const SHAPES: [RegExp, string, string[]][] = [
  [/^Enter a name\.$/, 'enterName', []],
  [/^The name is too long: at most ([\d,]+) characters\.$/, 'nameTooLong', ['max']],
  [/^Choose a property\.$/, 'chooseProperty', []],
  [/^Unknown property "(.*)"\./, 'unknownProperty', ['property']],
  [/^Choose a condition\.$/, 'chooseCondition', []],
  [/^Unknown condition "(.*)"\./, 'unknownCondition', ['operator']],
  [/cannot be used with/, 'operatorNotAllowed', []],
  [/^Enter the property name/, 'enterKey', []],
  [/^The property name is too long: at most ([\d,]+) characters\.$/, 'keyTooLong', ['max']],
  [/takes no property name/, 'noKey', []],
  [/^Unknown field "(.*)"/, 'unknownField', ['field']],
  [/^This condition takes no value/, 'noValue', []],
  [/^Enter a real date/, 'enterDate', []],
  [/^Enter a start date and an end date/, 'enterDateRange', []],
  [/^The start date must not be after the end date\.$/, 'dateOrder', []],
  [/^Enter a whole number of days from 0 to ([\d,]+)\.$/, 'enterDays', ['max']],
  [/^Enter a whole number from 0 to ([\d,]+)\.$/, 'enterNumber', ['max']],
  [/^Enter a minimum and a maximum/, 'enterRange', []],
  [/^The minimum must not be greater than the maximum\.$/, 'rangeOrder', []],
  [/^Enter a value\.$/, 'enterValue', []],
  [/^The value is too long: at most ([\d,]+) characters\.$/, 'valueTooLong', ['max']],
  [/^Choose at least one value\.$/, 'chooseValue', []],
  [/^Choose at most ([\d,]+) values\.$/, 'tooManyValues', ['max']],
  [/^Each value must be text of 1–([\d,]+) characters\.$/, 'valueText', ['max']],
  [/^A group needs at least one condition\.$/, 'groupNeedsCondition', []],
  [/^A group can hold at most ([\d,]+) conditions\./, 'groupTooLong', ['max']],
  [/^A segment needs at least one group/, 'segmentNeedsGroup', []],
  [/^A segment can hold at most ([\d,]+) groups\./, 'tooManyGroups', ['max']],
  [/^A segment needs at least one condition\./, 'segmentNeedsCondition', []],
];

/** The message in the active language. */
export function translateIssue(message: string): string {
  if (language.value === 'en') return message;
  for (const [shape, key, names] of SHAPES) {
    const m = shape.exec(message);
    if (m) return t(`issues.${key}`, Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])));
  }
  return message;
}
