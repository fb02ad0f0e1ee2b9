/**
 * Finds every error code the source can produce or test for, by reading it with the
 * TypeScript parser: the first argument of `new BerthError(…)`, a `code:` property, the code
 * argument of the browser-mode host's `fail(res, status, code, …)`, and a comparison with
 * `….code`. Conditionals and `??` are followed into both sides.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export interface FoundCode {
  code: string;
  file: string;
  line: number;
}

/** Our codes are `family.what` or a bare family word (`internal`). Errno names (EROFS) are not. */
const CODE_SHAPE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

function literals(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node))
    return literals(node.expression);
  if (ts.isConditionalExpression(node))
    return [...literals(node.whenTrue), ...literals(node.whenFalse)];
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  )
    return [...literals(node.left), ...literals(node.right)];
  return [];
}

function isCodeAccess(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'code';
}

function codePositions(node: ts.Node): ts.Expression[] {
  if (ts.isNewExpression(node) && node.expression.getText() === 'BerthError') {
    const first = node.arguments?.[0];
    return first ? [first] : [];
  }
  if (ts.isPropertyAssignment(node) && node.name.getText() === 'code') return [node.initializer];
  if (ts.isCallExpression(node) && node.expression.getText() === 'fail') {
    const third = node.arguments[2];
    return third ? [third] : [];
  }
  if (
    ts.isBinaryExpression(node) &&
    [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(
      node.operatorToken.kind,
    )
  ) {
    // Only `family.what` here: other libraries' codes are compared too (zod's bare
    // `unrecognized_keys`), while Berth's only bare code, `internal`, is never compared.
    const dotted = (side: ts.Expression) =>
      literals(side).some((text) => text.includes('.')) ? [side] : [];
    if (isCodeAccess(node.left)) return dotted(node.right);
    if (isCodeAccess(node.right)) return dotted(node.left);
  }
  return [];
}

export function scanSource(fileName: string, text: string): FoundCode[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: FoundCode[] = [];
  const visit = (node: ts.Node): void => {
    for (const position of codePositions(node)) {
      for (const code of literals(position)) {
        if (!CODE_SHAPE.test(code)) continue;
        const { line } = source.getLineAndCharacterOfPosition(position.getStart());
        found.push({ code, file: fileName, line: line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

export function scanTree(dirs: string[]): FoundCode[] {
  return dirs.flatMap(sourceFiles).flatMap((file) => scanSource(file, readFileSync(file, 'utf8')));
}
