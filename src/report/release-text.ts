/** Text renderers for environments, pacticipants and versions (JSON goes out as the data itself). */
import type { Environment } from '../release/environments.js';
import type { Pacticipant } from '../release/pacticipants.js';
import type { VersionInfo } from '../release/versions.js';
import { textTable } from './text-table.js';

export function environmentLines(e: Environment): string[] {
  const lines = [
    `UUID:         ${e.uuid}`,
    `Name:         ${e.name}`,
    `Display name: ${e.displayName ?? e.name}`,
    `Production:   ${e.production}`,
  ];
  if (e.contacts !== undefined) lines.push(`Contacts:     ${JSON.stringify(e.contacts)}`);
  if (e.createdAt) lines.push(`Created:      ${e.createdAt}`);
  if (e.updatedAt && e.updatedAt !== e.createdAt) lines.push(`Updated:      ${e.updatedAt}`);
  return lines;
}

export function environmentsTable(envs: Environment[]): string[] {
  if (envs.length === 0) return ['No environments.'];
  return textTable(
    ['UUID', 'NAME', 'DISPLAY NAME', 'PRODUCTION'],
    envs.map((e) => [e.uuid, e.name, e.displayName ?? e.name, String(e.production)]),
  );
}

export function pacticipantLines(p: Pacticipant): string[] {
  const lines = [`Name:           ${p.name}`];
  if (p.displayName) lines.push(`Display name:   ${p.displayName}`);
  lines.push(`Main branch:    ${p.mainBranch ?? '(not set)'}`);
  lines.push(`Repository URL: ${p.repositoryUrl ?? '(not set)'}`);
  if (p.latestVersion) lines.push(`Latest version: ${p.latestVersion}`);
  return lines;
}

export function pacticipantsTable(list: Pacticipant[]): string[] {
  if (list.length === 0) return ['No pacticipants.'];
  return textTable(
    ['NAME', 'DISPLAY NAME', 'MAIN BRANCH', 'REPOSITORY URL'],
    list.map((p) => [p.name, p.displayName ?? '', p.mainBranch ?? '', p.repositoryUrl ?? '']),
  );
}

export function versionLines(v: VersionInfo): string[] {
  const lines = [`Pacticipant: ${v.pacticipant}`, `Version:     ${v.number}`];
  lines.push(`Branches:    ${v.branches.length ? v.branches.join(', ') : '(none)'}`);
  lines.push(`Tags:        ${v.tags.length ? v.tags.join(', ') : '(none)'}`);
  if (v.buildUrl) lines.push(`Build URL:   ${v.buildUrl}`);
  if (v.createdAt) lines.push(`Created:     ${v.createdAt}`);
  return lines;
}
