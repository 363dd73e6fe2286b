import * as vscode from 'vscode';

/**
 * A single-choice quick pick of service names fed by the Consul catalog, accepting `*` and any
 * typed name. Resolves undefined when dismissed.
 */
export function pickServiceName(title: string, placeholder: string, services: Promise<string[]>): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.ignoreFocusOut = true;
  qp.busy = true;
  const wildcard: vscode.QuickPickItem = { label: '*', description: 'any service' };
  let known: vscode.QuickPickItem[] = [wildcard];
  const refresh = () => {
    const typed = qp.value.trim();
    const typedItem = typed && !known.some((i) => i.label === typed) ? [{ label: typed, description: 'use this name', alwaysShow: true }] : [];
    qp.items = [...typedItem, ...known];
  };
  services.then(
    (names) => {
      known = [wildcard, ...names.map((label) => ({ label, description: 'in the Consul catalog' }))];
      qp.busy = false;
      refresh();
    },
    (err: unknown) => {
      qp.busy = false;
      qp.placeholder = `Type a service name (the Consul catalog is unavailable: ${err instanceof Error ? err.message : String(err)})`;
      refresh();
    },
  );
  refresh();
  return new Promise((resolve) => {
    let done = false;
    qp.onDidChangeValue(refresh);
    qp.onDidAccept(() => {
      const picked = qp.selectedItems[0]?.label ?? qp.value.trim();
      if (!picked) return;
      done = true;
      resolve(picked);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
