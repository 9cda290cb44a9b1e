import { useState } from 'react';
import { useServiceHub, useSupportChat } from '@servicehub/client/react';

import { ReloadNotice } from './App';

export function TicketPage({ id }: { id: string }) {
  const { client } = useServiceHub();
  const chat = useSupportChat(id);
  const [text, setText] = useState('');
  const me = client.userId;
  const send = async () => {
    const value = text.trim();
    if (!value) return;
    setText('');
    await chat.send(value);
  };
  return (
    <section className="card chat">
      <h2>Support ticket</h2>
      <ReloadNotice at={chat.reloadedAt} />
      {chat.hasOlder && <button className="link" onClick={() => void chat.loadOlder()}>Older messages</button>}
      <ul className="messages" data-testid="messages">
        {chat.messages.map((m) => (
          <li key={m.id} className={m.senderId === me ? 'mine' : 'theirs'} data-testid="message">
            <span>{m.message}</span>
            <time>{new Date(m.createdAt).toLocaleTimeString()}</time>
          </li>
        ))}
      </ul>
      <p className="typing" data-testid="typing">{chat.typing.length > 0 ? 'The other side is typing…' : '\u00a0'}</p>
      <form onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <input value={text} placeholder="Write a message" data-testid="chat-input"
          onChange={(e) => { setText(e.target.value); chat.notifyTyping(); }} />
        <button type="submit" data-testid="chat-send">Send</button>
      </form>
    </section>
  );
}
