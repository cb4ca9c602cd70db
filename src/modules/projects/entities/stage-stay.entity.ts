import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One stay of a project in a stage, derived from the history as it is written (the history row
 * and the stay change in the same transaction): entering a stage opens a stay, leaving it closes
 * the stay with its duration. The pipeline's time-in-stage figures read these.
 */
@Entity('stage_stay')
@Index('stage_stay_open_idx', ['projectId'], { where: 'left_at IS NULL' })
@Index('stage_stay_duration_idx', ['stage', 'durationSeconds'], { where: 'left_at IS NOT NULL' })
@Index('stage_stay_call_duration_idx', ['callId', 'stage', 'durationSeconds'], { where: 'left_at IS NOT NULL' })
export class StageStay {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid')
  projectId: string;

  @Column('uuid')
  callId: string;

  @Column('text')
  stage: string;

  @Column('timestamptz')
  enteredAt: Date;

  @Column('timestamptz', { nullable: true })
  leftAt: Date | null;

  @Column('double precision', { nullable: true })
  durationSeconds: number | null;
}
