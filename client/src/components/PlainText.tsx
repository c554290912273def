/** User-written text (announcements, questions, clarifications) as plain text, line breaks kept. */
export function PlainText({ text, testId }: { text: string | null | undefined; testId?: string }) {
  return (
    <div data-testid={testId} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {text ?? ''}
    </div>
  );
}
