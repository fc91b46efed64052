/** A replica's header cell in the lens tables: its role in the key's replica set (A, B, C) and its name. */

const roleLetters = ['A', 'B', 'C'];

/** `role` is the replica's place in the key's replica set, 0 for A. */
export function ReplicaHead({ node, role }: { node: string; role: number }) {
  return (
    <th>
      <span className="role-badge">{roleLetters[role]}</span> {node}
    </th>
  );
}
