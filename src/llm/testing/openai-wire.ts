/** Bodies in OpenAI's wire format, for fake servers in tests. */

export function chatCompletion(content: string, tokens = { prompt: 5, completion: 2 }) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_770_000_000,
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: tokens.prompt,
      completion_tokens: tokens.completion,
      total_tokens: tokens.prompt + tokens.completion,
    },
  };
}

/** A streamed answer as server-sent events, one chunk per piece, usage in the last one. */
export function chatCompletionEvents(pieces: string[], tokens = { prompt: 5, completion: 2 }): string {
  const chunk = (delta: object, finish: string | null, usage?: object) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-test',
      object: 'chat.completion.chunk',
      created: 1_770_000_000,
      model: 'test-model',
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...(usage ? { usage } : {}),
    })}\n\n`;
  return [
    chunk({ role: 'assistant', content: '' }, null),
    ...pieces.map((content) => chunk({ content }, null)),
    chunk({}, 'stop', {
      prompt_tokens: tokens.prompt,
      completion_tokens: tokens.completion,
      total_tokens: tokens.prompt + tokens.completion,
    }),
    'data: [DONE]\n\n',
  ].join('');
}

export function embeddingList(vectors: number[][]) {
  return {
    object: 'list',
    data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    model: 'test-embed',
    usage: { prompt_tokens: vectors.length * 2, total_tokens: vectors.length * 2 },
  };
}

export function modelList(ids: string[], ownedBy = 'organization') {
  return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: ownedBy })) };
}

export function errorBody(message: string, type = 'server_error') {
  return { error: { message, type, code: null } };
}
